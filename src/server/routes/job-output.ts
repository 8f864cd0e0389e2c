import { Hono } from 'hono';
import { cleanTerminalText } from '../../core/clean-text.js';
import { jobOutputPath, readLogRange } from '../../jobs/index.js';
import { assertJobId } from '../../slurm/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { clusterName, jobOutputQuery, jobOutputResponse } from '../schemas.js';

const DEFAULT_BYTES = 8 * 1024;

/** A job's log read from a byte cursor (or its end), cleaned of escapes and secrets. */
export function jobOutputRoutes(deps: ServerDeps) {
  const app = new Hono<ServerEnv>();

  app.get('/:cluster/jobs/:id/output', async (c) => {
    const handle = deps.cluster(parseInput(clusterName, c.req.param('cluster'), 'path'));
    const jobId = assertJobId(c.req.param('id'));
    const query = parseInput(jobOutputQuery, c.req.query(), 'query');
    const stream = query.stream ?? 'stdout';
    const path = await jobOutputPath(handle, deps.watchStore, jobId, stream);
    const range = await readLogRange(
      handle.transport,
      path,
      query.cursor,
      query.maxBytes ?? DEFAULT_BYTES,
    );
    return c.json(
      jobOutputResponse.parse({
        cluster: handle.name,
        jobId,
        stream,
        path,
        size: range.size,
        start: range.start,
        nextCursor: range.next,
        more: range.more,
        output: deps.redact(cleanTerminalText(range.text)),
      }),
    );
  });

  return app;
}
