import { Hono } from 'hono';
import type { WatchedJob } from '../../jobs/index.js';
import { assertJobId } from '../../slurm/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { requireRole } from '../middleware.js';
import { clusterName, watchAddResponse, watchBody, watchListResponse } from '../schemas.js';
import { jsonBody } from '../json-body.js';

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

/**
 * The durable watch list: jobs added here are polled by the shared watcher, which records
 * their starts and ends as events and tells the notification channels.
 */
export function watchRoutes(deps: ServerDeps) {
  const app = new Hono<ServerEnv>();
  const cluster = (raw: string) => deps.cluster(parseInput(clusterName, raw, 'path'));

  const view = (job: WatchedJob) => ({
    ...job,
    addedAt: iso(job.addedAt),
    endedAt: iso(job.endedAt),
    report: job.report && {
      ...job.report,
      logTail: job.report.logTail.map((line) => deps.redact(line)),
    },
  });

  app.get('/:cluster/watch', (c) => {
    const { name } = cluster(c.req.param('cluster'));
    return c.json(
      watchListResponse.parse({ cluster: name, jobs: deps.watchStore.list(name).map(view) }),
    );
  });

  app.post('/:cluster/watch', requireRole('operate'), async (c) => {
    const { name } = cluster(c.req.param('cluster'));
    const body = parseInput(watchBody, await jsonBody(c), 'body');
    const jobIds = body.jobIds.map(assertJobId);
    const channels = deps.watchChannels(body.notify);
    const status = await deps.audit.run(
      {
        actor: c.get('principal').name,
        action: 'job.watch',
        cluster: name,
        target: { jobIds, channels },
        confirmedVia: 'not-needed',
      },
      async () => deps.watchJobs(name, jobIds, channels),
    );
    const ended = jobIds
      .map((id) => deps.watchStore.get(name, id))
      .filter((job) => job?.ended)
      .map((job) => ({ jobId: job?.jobId as string, outcome: job?.outcome ?? 'UNKNOWN' }));
    deps.log.info(`serve: ${c.get('principal').name} watches ${jobIds.join(', ')} on ${name}`);
    return c.json(
      watchAddResponse.parse({
        cluster: name,
        watching: jobIds,
        alreadyEnded: ended,
        poller: status.poller,
        notify: channels,
      }),
    );
  });

  return app;
}
