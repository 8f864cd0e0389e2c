import { Hono, type Context, type MiddlewareHandler } from 'hono';
import {
  applyStateChange,
  describePlan,
  gatherStatus,
  openAdminSession,
  planStateChange,
  runDoctor,
  type AdminSession,
  type StateChangeRequest,
  type Target,
  type TargetSpec,
} from '../../admin/index.js';
import type { Confirmations } from '../../audit/index.js';
import type { ClusterHandle } from '../../sites/index.js';
import { sshTargetLabel } from '../../transport/ssh-target.js';
import {
  adminAccessResponse,
  adminDoctorResponse,
  adminStatusResponse,
  adminTargetQuery,
  drainBody,
  resumeBody,
  stateChangeResponse,
} from '../admin-schemas.js';
import type { ClusterViews } from '../cluster-views.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { ApiError } from '../http-error.js';
import { parseInput } from '../input.js';
import { jsonBody } from '../json-body.js';
import { allows } from '../roles.js';
import { clusterName } from '../schemas.js';
import { adminChangeRoutes } from './admin-changes.js';
import { adminTargetSpec } from './admin-target-spec.js';
import { statusView } from './admin-views.js';

/** How a route opens the admin's access to a cluster (tests hand in recorded hosts). */
export type OpenAdmin = (cluster: ClusterHandle) => AdminSession;

/** Node administration is for the admin role only, whatever the route. */
const adminOnly: MiddlewareHandler<ServerEnv> = async (c, next) => {
  const principal = c.get('principal');
  if (!allows(principal.role, 'admin')) {
    throw new ApiError(
      'FORBIDDEN',
      `node administration needs the admin role; "${principal.name}" has role ${principal.role}`,
      'Ask whoever runs slurmdeck serve for a token made with --role admin.',
    );
  }
  await next();
};

/**
 * `/api/clusters/{cluster}/admin/...`: status and doctor read; drain, resume and the changes of
 * admin-changes.ts ask first (a
 * summary and a single-use token bound to the caller, the nodes that change and the reason).
 * Everything goes over the admin's own ssh, as the CLI's `slurmdeck admin` does.
 */
export function adminRoutes(
  deps: ServerDeps,
  views: ClusterViews,
  confirmations: Confirmations,
  openAdmin: OpenAdmin = openAdminSession,
) {
  const app = new Hono<ServerEnv>();
  app.use('/:cluster/admin', adminOnly);
  app.use('/:cluster/admin/*', adminOnly);
  const cluster = (c: Context<ServerEnv>) =>
    deps.cluster(parseInput(clusterName, c.req.param('cluster'), 'path'));

  /** Runs `body` with the cluster's admin session and its targets; closes its ssh after. */
  async function withTargets<T>(
    handle: ClusterHandle,
    spec: TargetSpec,
    body: (session: AdminSession, targets: Target[]) => Promise<T>,
  ): Promise<T> {
    const session = openAdmin(handle);
    try {
      return await body(session, await session.selectTargets(spec));
    } finally {
      await session.close();
    }
  }

  app.get('/:cluster/admin', (c) => {
    const handle = cluster(c);
    const settings = handle.config.admin;
    return c.json(
      adminAccessResponse.parse({
        cluster: handle.name,
        configured: settings !== undefined,
        ...(settings
          ? {
              controller:
                settings.controller === 'local'
                  ? 'local'
                  : `ssh ${sshTargetLabel(settings.controller)}`,
            }
          : {}),
      }),
    );
  });

  app.get('/:cluster/admin/status', async (c) => {
    const handle = cluster(c);
    const { nodes, state } = parseInput(adminTargetQuery, c.req.query(), 'query');
    const report = await withTargets(handle, adminTargetSpec(nodes, state), (session, targets) =>
      gatherStatus(session.access, targets),
    );
    return c.json(
      adminStatusResponse.parse({
        cluster: handle.name,
        ...report,
        rows: report.rows.map((r) => ({ ...r, detail: r.detail && statusView(r.detail) })),
      }),
    );
  });

  app.get('/:cluster/admin/doctor', async (c) => {
    const handle = cluster(c);
    const { nodes, state } = parseInput(adminTargetQuery, c.req.query(), 'query');
    const report = await withTargets(handle, adminTargetSpec(nodes, state), (session, targets) =>
      runDoctor(session.access, targets),
    );
    return c.json(
      adminDoctorResponse.parse({
        cluster: handle.name,
        ...report,
        rows: report.rows.map((r) => ({
          ...r,
          detail: r.detail && { status: statusView(r.detail.status), findings: r.detail.findings },
        })),
      }),
    );
  });

  async function changeState(
    c: Context<ServerEnv>,
    nodes: string,
    request: StateChangeRequest,
    confirmToken: string | undefined,
  ) {
    const handle = cluster(c);
    const principal = c.get('principal');
    return withTargets(handle, adminTargetSpec(nodes, undefined), async (session, targets) => {
      // Planned from Slurm's state now: the token covers exactly the nodes shown to change.
      const plan = planStateChange(targets, request);
      const summary = describePlan(plan, handle.name);
      const base = { cluster: handle.name, summary, changing: plan.changing };
      if (plan.changing.length === 0) {
        return c.json(
          stateChangeResponse.parse({ ...base, status: 'nothing_to_do', rows: plan.rows }),
        );
      }
      const action = `admin.${request.change}`;
      const binding = {
        action,
        principal: principal.name,
        args: {
          cluster: handle.name,
          nodes: plan.changing,
          reason: plan.reason ?? '',
          force: plan.force,
        },
      };
      if (confirmToken === undefined) {
        const { token, expiresAt } = confirmations.issue(binding, { summary });
        return c.json(
          stateChangeResponse.parse({
            ...base,
            status: 'confirmation_required',
            confirmToken: token,
            expiresAt,
            rows: plan.rows,
          }),
        );
      }
      confirmations.consume(confirmToken, binding);
      const rows = await applyStateChange(session.access.controller(), plan, {
        audit: {
          log: deps.audit,
          entry: { actor: principal.name, cluster: handle.name, confirmedVia: 'token' },
        },
      });
      views.invalidate(handle.name);
      deps.log.info(
        `serve: ${principal.name} ${request.change === 'drain' ? 'drained' : 'resumed'} ${plan.changing.join(',')} on ${handle.name}`,
      );
      return c.json(stateChangeResponse.parse({ ...base, status: 'done', rows }));
    });
  }

  app.post('/:cluster/admin/drain', async (c) => {
    const { nodes, reason, confirmToken } = parseInput(drainBody, await jsonBody(c), 'body');
    return changeState(c, nodes, { change: 'drain', reason }, confirmToken);
  });

  app.post('/:cluster/admin/resume', async (c) => {
    const { nodes, force, confirmToken } = parseInput(resumeBody, await jsonBody(c), 'body');
    return changeState(c, nodes, { change: 'resume', force: force === true }, confirmToken);
  });

  // sync-munge, sync-conf, restart, recover, init: behind the same role check.
  app.route('/', adminChangeRoutes(deps, views, confirmations, openAdmin));
  return app;
}
