import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { SlurmdeckError } from '../../core/errors.js';
import {
  parseJsonBatches,
  parseNdjsonBatches,
  toRunInit,
  type Batch,
  type Run,
  type Series,
} from '../../tracker/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { ApiError } from '../http-error.js';
import { parseInput } from '../input.js';
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
  runStartBody,
  runStartResponse,
  runSchema,
} from '../tracker-schemas.js';
import { runUid } from '../../tracker/index.js';

/** The default cap on one batch request: 10k-point batches are about 600 KB. */
export const DEFAULT_MAX_BATCH_BYTES = 64 * 1024 * 1024;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export const runView = (run: Run) =>
  runSchema.parse({
    ...run,
    submitTime: iso(run.submitTime),
    createdAt: iso(run.createdAt),
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    updatedAt: iso(run.updatedAt),
  });

const jsonNumber = (v: number) =>
  Number.isFinite(v) ? v : Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity';

// Built by hand, not parsed through a schema: a full series can hold millions of points.
function seriesView(uid: string, series: Series, total: number, downsampled: boolean) {
  return {
    uid,
    key: series.key,
    total,
    downsampled,
    steps: Array.from(series.steps),
    values: Array.from(series.values, jsonNumber),
    times: Array.from(series.times, (ms) => ms / 1000),
  };
}

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

  app.post('/runs', requireRole('tracker'), async (c) => {
    const record = parseInput(runStartBody, await jsonBody(c), 'body');
    const started = await deps.tracker.startRun(toRunInit(record));
    return c.json(
      runStartResponse.parse({ ...started, run: runView(started.run) }),
      started.created ? 201 : 200,
    );
  });

  app.get('/runs', async (c) => {
    const query = parseInput(runsQuery, c.req.query(), 'query');
    const runs = await deps.tracker.store.listRuns(query);
    return c.json(runsResponse.parse({ runs: runs.map(runView) }));
  });

  app.get('/runs/:uid', async (c) => {
    const run = await mustRun(uidOf(c.req.param('uid')));
    const [keys, nextSeq] = await Promise.all([
      deps.tracker.store.metricKeys(run.uid),
      deps.tracker.store.nextSeq(run.uid),
    ]);
    return c.json(runResponse.parse({ run: runView(run), keys, nextSeq }));
  });

  app.get('/runs/:uid/metric', async (c) => {
    const uid = uidOf(c.req.param('uid'));
    const { key, width } = parseInput(metricQuery, c.req.query(), 'query');
    await mustRun(uid);
    if (width === undefined) {
      const series = await deps.tracker.store.readSeries(uid, key);
      return c.json(seriesView(uid, series, series.steps.length, false));
    }
    const { series, total } = await deps.tracker.store.readDownsampled(uid, key, width);
    return c.json(seriesView(uid, series, total, series.steps.length < total));
  });

  app.post('/runs/:uid/finish', requireRole('tracker'), async (c) => {
    const uid = uidOf(c.req.param('uid'));
    const body = parseInput(finishBody, await jsonBody(c, true), 'body');
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
      return c.json(batchesResponse.parse(await deps.tracker.applyBatches(batches)));
    },
  );

  return app;
}
