import type { Context } from 'hono';
import { Hono } from 'hono';
import { SlurmdeckError } from '../../core/errors.js';
import { checkCancellable, clusterUser } from '../../jobs/cancel-check.js';
import { assertJobId } from '../../slurm/index.js';
import type { ClusterViews } from '../cluster-views.js';
import type { Confirmations } from '../confirmations.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { requireRole } from '../middleware.js';
import { cancelBody, cancelResponse, clusterName, submitBody, submitResponse } from '../schemas.js';
import { allocationSummary, submitRequest } from '../submit-request.js';

/** The JSON body; other content types are refused (a plain form from another site cannot send JSON). */
async function jsonBody(c: Context<ServerEnv>, optional = false): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (optional && !type && !c.req.header('content-length')) return {};
  if (!/^application\/json\b/i.test(type)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'the body must be JSON', {
      hint: 'Send Content-Type: application/json.',
    });
  }
  try {
    return await c.req.json();
  } catch {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'the body is not valid JSON', {
      hint: 'Send one JSON object.',
    });
  }
}

/**
 * Submit and cancel (role operate). Each asks first: the first call returns a summary and a
 * single-use token bound to the caller and the exact arguments; the second carries it and acts.
 * What was done goes to the audit log with the face 'http' and the caller's name.
 */
export function jobActionRoutes(
  deps: ServerDeps,
  views: ClusterViews,
  confirmations: Confirmations,
) {
  const app = new Hono<ServerEnv>();
  const cluster = (raw: string) => deps.cluster(parseInput(clusterName, raw, 'path'));

  app.post('/:cluster/jobs', requireRole('operate'), async (c) => {
    const handle = cluster(c.req.param('cluster'));
    const { confirmToken, dryRun, ...args } = parseInput(submitBody, await jsonBody(c), 'body');
    const request = submitRequest(handle, args);
    const summary = allocationSummary(request);
    if (dryRun) {
      const estimate = await handle.slurm.testSubmit(request);
      return c.json(
        submitResponse.parse({
          cluster: handle.name,
          status: 'dry_run',
          summary,
          estimate: {
            startTime: estimate.startTime,
            nodes: estimate.nodes,
            partition: estimate.partition,
            processors: estimate.processors,
          },
        }),
      );
    }
    const principal = c.get('principal');
    const binding = {
      action: 'job.submit',
      principal: principal.name,
      args: { cluster: handle.name, ...args },
    };
    if (confirmToken === undefined) {
      const { token, expiresAt } = confirmations.issue(binding);
      return c.json(
        submitResponse.parse({
          cluster: handle.name,
          status: 'confirmation_required',
          summary,
          confirmToken: token,
          expiresAt,
        }),
      );
    }
    confirmations.consume(confirmToken, binding);
    const result = await deps.audit.run(
      {
        actor: principal.name,
        action: 'job.submit',
        cluster: handle.name,
        target: { partition: request.partition, jobName: request.jobName },
        confirmedVia: 'token',
      },
      () => handle.slurm.submit(request),
    );
    views.invalidate(handle.name);
    deps.log.info(`serve: ${principal.name} submitted job ${result.jobId} on ${handle.name}`);
    return c.json(
      submitResponse.parse({
        cluster: handle.name,
        status: 'submitted',
        summary,
        jobId: result.jobId,
      }),
      201,
    );
  });

  app.post('/:cluster/jobs/:id/cancel', requireRole('operate'), async (c) => {
    const handle = cluster(c.req.param('cluster'));
    const id = assertJobId(c.req.param('id'));
    const { confirmToken } = parseInput(cancelBody, await jsonBody(c, true), 'body');
    // Asked fresh, not from the shared view: what is cancelled must be what is there now.
    const [queue, user] = await Promise.all([
      handle.slurm.listJobs({ jobIds: [id] }),
      clusterUser(handle.config, handle.transport),
    ]);
    const jobs = checkCancellable([id], queue, user);
    const summary = `Cancel ${jobs.length} job(s) of ${user} on cluster ${handle.name}: ${jobs
      .map((j) => `${j.id} "${j.name}" ${j.state} (partition ${j.partition}, ${j.gpus} GPU(s))`)
      .join('; ')}. Running work not saved to disk is lost.`;
    const principal = c.get('principal');
    const binding = {
      action: 'job.cancel',
      principal: principal.name,
      args: { cluster: handle.name, jobIds: [id] },
    };
    if (confirmToken === undefined) {
      const { token, expiresAt } = confirmations.issue(binding);
      return c.json(
        cancelResponse.parse({
          cluster: handle.name,
          status: 'confirmation_required',
          summary,
          jobs,
          cancelled: [],
          confirmToken: token,
          expiresAt,
        }),
      );
    }
    confirmations.consume(confirmToken, binding);
    await deps.audit.run(
      {
        actor: principal.name,
        action: 'job.cancel',
        cluster: handle.name,
        target: { jobIds: [id] },
        confirmedVia: 'token',
      },
      () => handle.slurm.cancel([id]),
    );
    views.invalidate(handle.name);
    deps.log.info(`serve: ${principal.name} cancelled job ${id} on ${handle.name}`);
    return c.json(
      cancelResponse.parse({
        cluster: handle.name,
        status: 'cancelled',
        summary,
        jobs,
        cancelled: [id],
      }),
    );
  });

  return app;
}
