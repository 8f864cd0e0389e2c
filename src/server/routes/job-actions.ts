import type { Context } from 'hono';
import { Hono } from 'hono';
import { planCancel, type CancelSelection } from '../../jobs/cancel-plan.js';
import { assertJobId, parseJobStates } from '../../slurm/index.js';
import type { ClusterHandle } from '../../sites/index.js';
import type { ClusterViews } from '../cluster-views.js';
import type { Confirmations } from '../../audit/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { jsonBody } from '../json-body.js';
import { requireRole } from '../middleware.js';
import {
  bulkCancelBody,
  cancelBody,
  cancelResponse,
  clusterName,
  submitBody,
  submitResponse,
} from '../schemas.js';
import { allocationSummary, submitRequest } from '../submit-request.js';
import { submitWithTracker } from '../../workspace/index.js';

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
      () => submitWithTracker(deps.workspace, handle, request),
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

  /**
   * Cancels exactly the list shown on the first call: the token is bound to those ids, so a job
   * that appears in between and matches the filter is never cancelled without being shown.
   */
  async function cancel(
    c: Context<ServerEnv>,
    handle: ClusterHandle,
    selection: CancelSelection,
    confirmToken: string | undefined,
  ) {
    // Asked fresh, not from the shared view: what is cancelled must be what is there now.
    const plan = await planCancel(handle, selection);
    const summary = `Cancel ${plan.jobs.length} job(s) of ${plan.user} on cluster ${handle.name}: ${plan.jobs
      .map((j) => `${j.id} "${j.name}" ${j.state} (partition ${j.partition}, ${j.gpus} GPU(s))`)
      .join('; ')}. Running work not saved to disk is lost.`;
    const principal = c.get('principal');
    const binding = {
      action: 'job.cancel',
      principal: principal.name,
      args: { cluster: handle.name, ids: plan.ids },
    };
    if (confirmToken === undefined) {
      const { token, expiresAt } = confirmations.issue(binding);
      return c.json(
        cancelResponse.parse({
          cluster: handle.name,
          status: 'confirmation_required',
          summary,
          jobs: plan.jobs,
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
        target: { jobIds: plan.ids },
        confirmedVia: 'token',
      },
      () => handle.slurm.cancel(plan.ids),
    );
    views.invalidate(handle.name);
    deps.log.info(`serve: ${principal.name} cancelled ${plan.ids.join(', ')} on ${handle.name}`);
    return c.json(
      cancelResponse.parse({
        cluster: handle.name,
        status: 'cancelled',
        summary,
        jobs: plan.jobs,
        cancelled: plan.ids,
      }),
    );
  }

  app.post('/:cluster/jobs/:id/cancel', requireRole('operate'), async (c) => {
    const handle = cluster(c.req.param('cluster'));
    const id = assertJobId(c.req.param('id'));
    const { confirmToken } = parseInput(cancelBody, await jsonBody(c, true), 'body');
    return cancel(c, handle, { jobIds: [id] }, confirmToken);
  });

  app.post('/:cluster/jobs/cancel', requireRole('operate'), async (c) => {
    const handle = cluster(c.req.param('cluster'));
    const { confirmToken, states, jobIds, ...rest } = parseInput(
      bulkCancelBody,
      await jsonBody(c),
      'body',
    );
    const selection: CancelSelection = {
      ...rest,
      ...(jobIds ? { jobIds: jobIds.map(assertJobId) } : {}),
      ...(states ? { states: parseJobStates(states) } : {}),
    };
    return cancel(c, handle, selection, confirmToken);
  });

  return app;
}
