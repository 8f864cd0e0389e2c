import { Hono, type Context } from 'hono';
import {
  explainReason,
  isFinished,
  parseJobStates,
  unhealthyNodes,
  type Job,
} from '../../slurm/index.js';
import type { ClusterViews } from '../cluster-views.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { createResponseMemo } from '../response-memo.js';
import {
  clusterName,
  clustersResponse,
  jobResponse,
  jobsQuery,
  jobsResponse,
  nodesResponse,
  statusResponse,
} from '../schemas.js';

const iso = (at: number) => new Date(at).toISOString();

/** A job as the API shows it: a pending one says why it waits, in plain words. */
const withReason = <J extends Job>(job: J) =>
  job.state === 'PENDING' ? { ...job, pendingReason: explainReason(job.reason) } : job;

/** The read routes over the shared views: no request runs its own sinfo or squeue. */
export function clusterRoutes(deps: ServerDeps, views: ClusterViews) {
  const app = new Hono<ServerEnv>();
  const cluster = (raw: string) => views.name(parseInput(clusterName, raw, 'path'));
  const memo = createResponseMemo();
  // A view's answer is made once per refresh and query; 304 for a client with its ETag.
  const memoized = (c: Context<ServerEnv>, key: string, at: number, make: () => unknown) => {
    const { body, etag } = memo.get(key, at, make);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag });
    return c.body(body, 200, { 'content-type': 'application/json', etag });
  };

  app.get('/', (c) => {
    const config = deps.config();
    return c.json(
      clustersResponse.parse({
        defaultCluster: config.defaultCluster,
        clusters: Object.entries(config.clusters).map(([name, cfg]) => ({
          name,
          transport: cfg.transport,
        })),
      }),
    );
  });

  app.get('/:cluster/status', async (c) => {
    const name = cluster(c.req.param('cluster'));
    const { value, at } = await views.status(name);
    return memoized(c, JSON.stringify([name, 'status']), at, () =>
      statusResponse.parse({
        cluster: name,
        slurmVersion: value.slurmVersion,
        at: iso(at),
        partitions: value.view.partitions,
        unhealthyNodes: unhealthyNodes(value.view.nodes),
      }),
    );
  });

  app.get('/:cluster/nodes', async (c) => {
    const name = cluster(c.req.param('cluster'));
    const { value, at } = await views.status(name);
    return memoized(c, JSON.stringify([name, 'nodes']), at, () =>
      nodesResponse.parse({ cluster: name, at: iso(at), nodes: value.view.nodes }),
    );
  });

  app.get('/:cluster/jobs', async (c) => {
    const name = cluster(c.req.param('cluster'));
    const query = parseInput(jobsQuery, c.req.query(), 'query');
    const wanted = parseJobStates(query.state);
    const users = query.user.length ? query.user : query.all ? [] : [await views.user(name)];
    const keep = (job: Job) =>
      (wanted.length ? wanted.includes(job.state) : !isFinished(job.state)) &&
      (!query.partition.length || query.partition.includes(job.partition)) &&
      (!users.length || users.includes(job.user));
    const { value, at } = await views.jobs(name);
    return memoized(c, JSON.stringify([name, 'jobs', query, users]), at, () =>
      jobsResponse.parse({ cluster: name, at: iso(at), jobs: value.filter(keep).map(withReason) }),
    );
  });

  app.get('/:cluster/jobs/:id', async (c) => {
    const name = cluster(c.req.param('cluster'));
    const { value, at } = await views.job(name, c.req.param('id'));
    const report = isFinished(value.state) ? await views.report(name, value.id) : undefined;
    return c.json(
      jobResponse.parse({ cluster: name, at: iso(at), job: withReason(value), report }),
    );
  });

  return app;
}
