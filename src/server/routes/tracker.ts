import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { SlurmdeckError } from '../../core/errors.js';
import {
  readChartSeries,
  parseJsonBatches,
  parseCondition,
  parseSort,
  queryRuns,
  parseNdjsonBatches,
  toRunInit,
  summaryJson,
  type Batch,
} from '../../tracker/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import type { Principal } from '../roles.js';
import { ApiError } from '../http-error.js';
import { parseInput } from '../input.js';
import { mustBeContinuable, mustBeRunOfTokenJob } from '../job-run-scope.js';
import { jsonBody } from '../json-body.js';
import { requireRole } from '../middleware.js';
import {
  batchesResponse,
  finishBody,
  finishResponse,
  metricQuery,
  runResponse,
  runsQuery,
  runsResponse,
  runFilesQuery,
  runFilesResponse,
  runStartBody,
  runStartResponse,
} from '../tracker-schemas.js';
import { runView, seriesView } from './tracker-run-view.js';
import { trackerViewRoutes } from './tracker-views.js';
import { lookAtRunFiles, runUid } from '../../tracker/index.js';

/** The default cap on one batch request: 10k-point batches are about 600 KB. */
export const DEFAULT_MAX_BATCH_BYTES = 64 * 1024 * 1024;

async function readBatches(c: Parameters<typeof jsonBody>[0]): Promise<Batch[]> {
  const type = c.req.header('content-type') ?? '';
  if (/^application\/(x-ndjson|jsonl|x-jsonlines)\b/i.test(type)) {
    return parseNdjsonBatches(await c.req.text());
  }
  return parseJsonBatches(await jsonBody(c));
}

/** Experiment runs: created and fed by clients on compute nodes, read by the dashboard and agents. */
export function trackerRoutes(deps: ServerDeps, maxBatchBytes = DEFAULT_MAX_BATCH_BYTES) {
  const app = new Hono<ServerEnv>();
  const uidOf = (raw: string) => parseInput(runUid, raw, 'path');
  const mustRun = async (uid: string) => {
    const run = await deps.tracker.store.getRun(uid);
    if (!run) {
      throw new SlurmdeckError('RUN_NOT_FOUND', `no tracker run ${uid}`, {
        hint: 'GET /api/tracker/runs lists the runs.',
      });
    }
    return run;
  };
  /** A job token only touches runs of its own job (middleware.ts keeps it to these routes). */
  const mustBeJobsRun = async (principal: Principal, uid: string) => {
    if (principal.job !== undefined) mustBeRunOfTokenJob(principal, await mustRun(uid));
  };

  app.post('/runs', requireRole('tracker'), async (c) => {
    const record = parseInput(runStartBody, await jsonBody(c), 'body');
    const principal = c.get('principal');
    if (principal.job !== undefined) {
      mustBeRunOfTokenJob(principal, {
        uid: record.run,
        cluster: record.cluster,
        jobId: record.job_id,
      });
      // A resume re-labels the run with the record's job: its own job's run, or an ended one a
      // later job continues; never a run another job is still writing.
      const existing = await deps.tracker.store.getRun(record.run);
      if (existing) mustBeContinuable(principal, existing);
    }
    const started = await deps.tracker.startRun(toRunInit(record));
    return c.json(
      runStartResponse.parse({ ...started, run: runView(started.run) }),
      started.created ? 201 : 200,
    );
  });

  app.get('/runs', async (c) => {
    const filters = c.req.queries('filter');
    const query = parseInput(
      runsQuery,
      { ...c.req.query(), ...(filters ? { filter: filters } : {}) },
      'query',
    );
    const { limit, offset, filter, sort, group, metrics, ...selected } = query;
    const conditions = (typeof filter === 'string' ? [filter] : (filter ?? [])).map(parseCondition);
    const result = await queryRuns(deps.tracker.store, {
      filter: selected,
      where: conditions,
      sort: sort ? parseSort(sort) : undefined,
      group,
      metrics: metrics ? metrics.split(',').filter(Boolean) : [],
      limit: limit ?? 100,
      offset: offset ?? 0,
    });
    const summaries = Object.fromEntries(
      Object.entries(result.summaries).map(([uid, byKey]) => [
        uid,
        Object.fromEntries(
          Object.entries(byKey).map(([key, m]) => [key, m ? summaryJson(m) : null]),
        ),
      ]),
    );
    return c.json(
      runsResponse.parse({ runs: result.runs.map(runView), total: result.total, summaries }),
    );
  });

  app.get('/runs/:uid', async (c) => {
    const run = await mustRun(uidOf(c.req.param('uid')));
    // A job about to continue an ended run reads where its batches go on (nextSeq).
    mustBeContinuable(c.get('principal'), run);
    const [keys, nextSeq] = await Promise.all([
      deps.tracker.store.metricKeys(run.uid),
      deps.tracker.store.nextSeq(run.uid),
    ]);
    return c.json(runResponse.parse({ run: runView(run), keys, nextSeq }));
  });

  app.get('/runs/:uid/files', async (c) => {
    const run = await mustRun(uidOf(c.req.param('uid')));
    const { check } = parseInput(runFilesQuery, c.req.query(), 'query');
    const answer = await lookAtRunFiles(deps.tracker.store, run, {
      check: check === '1',
      transportOf: (cluster) => deps.cluster(cluster).transport,
    });
    return c.json(runFilesResponse.parse({ uid: run.uid, ...answer }));
  });

  app.get('/runs/:uid/metric', async (c) => {
    const uid = uidOf(c.req.param('uid'));
    const { key, width, from, to } = parseInput(metricQuery, c.req.query(), 'query');
    await mustRun(uid);
    const shown = await readChartSeries(deps.tracker.store, uid, key, { width, from, to });
    return c.json(
      seriesView(uid, shown.series, {
        total: shown.total,
        inRange: shown.inRange,
        downsampled: shown.downsampled,
      }),
    );
  });

  app.post('/runs/:uid/finish', requireRole('tracker'), async (c) => {
    const uid = uidOf(c.req.param('uid'));
    const body = parseInput(finishBody, await jsonBody(c, true), 'body');
    await mustBeJobsRun(c.get('principal'), uid);
    const run = await deps.tracker.finishRun(uid, body.status ?? 'finished', body.exitCode);
    return c.json(finishResponse.parse({ run: runView(run) }));
  });

  app.post(
    '/batches',
    bodyLimit({
      maxSize: maxBatchBytes,
      onError: () => {
        throw new ApiError(
          'PAYLOAD_TOO_LARGE',
          `the batch request is over ${Math.round(maxBatchBytes / 1024 / 1024)} MiB`,
          'Send the points in several requests (10k-100k points each is plenty).',
        );
      },
    }),
    requireRole('tracker'),
    async (c) => {
      const batches = await readBatches(c);
      for (const uid of new Set(batches.map((batch) => batch.run))) {
        await mustBeJobsRun(c.get('principal'), uid);
      }
      return c.json(batchesResponse.parse(await deps.tracker.applyBatches(batches)));
    },
  );

  app.route('/', trackerViewRoutes(deps));
  return app;
}
