import { Hono } from 'hono';
import { isSlurmdeckError, SlurmdeckError } from '../../core/errors.js';
import { resubmitFromAccounting, resubmitFromController, type Resubmit } from '../../jobs/index.js';
import { assertJobId, batchScript } from '../../slurm/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { requireRole } from '../middleware.js';
import { clusterName, resubmitResponse } from '../schemas.js';

/**
 * `GET .../jobs/{id}/resubmit` (operate): a job's options as a submit body, for "resubmit with
 * changes". Nothing is submitted here; the edited body goes through the usual confirm flow.
 * Asked fresh (scontrol, its stored script; sacct once the controller forgot the job).
 */
export function jobResubmitRoutes(deps: ServerDeps) {
  const app = new Hono<ServerEnv>();

  app.get('/:cluster/jobs/:id/resubmit', requireRole('operate'), async (c) => {
    const handle = deps.cluster(parseInput(clusterName, c.req.param('cluster'), 'path'));
    const id = assertJobId(c.req.param('id'));
    let found: Resubmit;
    let source: 'controller' | 'accounting' = 'controller';
    try {
      const job = await handle.slurm.getJob(id);
      found = resubmitFromController(job, await batchScript(handle.transport, job.id));
    } catch (error) {
      if (!isSlurmdeckError(error, 'JOB_NOT_FOUND')) throw error;
      const records = await handle.slurm.accounting({ jobIds: [id], users: ['*'] });
      const record = records.find((r) => r.id === id || r.jobIdRaw === id);
      if (!record) {
        throw new SlurmdeckError(
          'JOB_NOT_FOUND',
          `job ${id} is known neither to the controller nor to accounting`,
          { hint: 'Check the job id and the cluster.' },
        );
      }
      found = resubmitFromAccounting(record);
      source = 'accounting';
    }
    // A script may hold a credential: masked like any output this server shows.
    const { scriptText } = found.options;
    const options =
      scriptText === undefined
        ? found.options
        : { ...found.options, scriptText: deps.redact(scriptText) };
    return c.json(
      resubmitResponse.parse({
        cluster: handle.name,
        jobId: id,
        source,
        options,
        notes: found.notes,
      }),
    );
  });

  return app;
}
