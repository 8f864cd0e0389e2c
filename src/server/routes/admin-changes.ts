import { Hono, type Context } from 'hono';
import {
  buildChange,
  changeArgs,
  checkPublicKey,
  describeChangePlan,
  expandHostlist,
  parseDaemon,
  runChange,
  type AdminChangeRequest,
  type NodePlan,
} from '../../admin/index.js';
import type { ConfirmBinding, Confirmations } from '../../audit/index.js';
import {
  adminChangeBody,
  adminChangeResponse,
  recoverBody,
  restartBody,
  syncSshBody,
} from '../admin-schemas.js';
import type { ClusterViews } from '../cluster-views.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { jsonBody } from '../json-body.js';
import { clusterName } from '../schemas.js';
import type { OpenAdmin } from './admin.js';
import { adminTargetSpec } from './admin-target-spec.js';

interface ChangeInput {
  nodes: string;
  state?: string | undefined;
  confirmToken?: string | undefined;
}

/**
 * `POST /api/clusters/{cluster}/admin/{sync-munge,sync-conf,sync-ssh,restart,recover,init}`: the CLI's
 * changing admin commands. The first call inspects (read-only) and answers with the plan and a
 * single-use token bound to the caller, the nodes that change, their steps and the arguments;
 * the second call, with the token, inspects again and applies only if the plan is the same.
 * Mounted under the admin routes' role check.
 */
export function adminChangeRoutes(
  deps: ServerDeps,
  views: ClusterViews,
  confirmations: Confirmations,
  openAdmin: OpenAdmin,
) {
  const app = new Hono<ServerEnv>();

  async function change(c: Context<ServerEnv>, input: ChangeInput, request: AdminChangeRequest) {
    const handle = deps.cluster(parseInput(clusterName, c.req.param('cluster'), 'path'));
    const principal = c.get('principal');
    const action = `admin.${request.operation}`;
    const binding = (plans: readonly NodePlan[]): ConfirmBinding => ({
      action,
      principal: principal.name,
      args: {
        cluster: handle.name,
        ...changeArgs(request),
        plan: plans.map((p) => ({ node: p.target.name, steps: p.steps })),
      },
    });
    const session = openAdmin(handle);
    try {
      const targets = await session.selectTargets(adminTargetSpec(input.nodes, input.state));
      const operation = await buildChange(session.access, request, targets);
      let asked: readonly NodePlan[] | undefined;
      let issued: { token: string; expiresAt: string } | undefined;
      const report = await runChange(operation, targets, {
        audit: { log: deps.audit, cluster: handle.name, actor: principal.name },
        async confirm(plans) {
          asked = plans;
          if (input.confirmToken !== undefined) {
            confirmations.consume(input.confirmToken, binding(plans));
            return 'token';
          }
          const summary = describeChangePlan(request, handle.name, plans, []);
          issued = confirmations.issue(binding(plans), { summary });
          return undefined;
        },
      });
      const changing = (asked ?? []).map((p) => p.target.name);
      const untouched = report.rows.filter((r) => !changing.includes(r.node));
      const base = {
        cluster: handle.name,
        operation: request.operation,
        summary: describeChangePlan(request, handle.name, asked ?? [], untouched),
        changing,
        rows: report.rows,
        notes: report.notes,
      };
      if (asked === undefined) {
        return c.json(adminChangeResponse.parse({ ...base, status: 'nothing_to_do' }));
      }
      if (issued) {
        return c.json(
          adminChangeResponse.parse({
            ...base,
            status: 'confirmation_required',
            confirmToken: issued.token,
            expiresAt: issued.expiresAt,
          }),
        );
      }
      views.invalidate(handle.name);
      deps.log.info(
        `serve: ${principal.name} ran ${action} on ${changing.join(',')} of ${handle.name}`,
      );
      return c.json(adminChangeResponse.parse({ ...base, status: 'done' }));
    } finally {
      await session.close();
    }
  }

  for (const operation of ['sync-munge', 'sync-conf', 'init'] as const) {
    app.post(`/:cluster/admin/${operation}`, async (c) => {
      const input = parseInput(adminChangeBody, await jsonBody(c), 'body');
      return change(c, input, { operation });
    });
  }

  app.post('/:cluster/admin/sync-ssh', async (c) => {
    const input = parseInput(syncSshBody, await jsonBody(c), 'body');
    const key = {
      publicKey: checkPublicKey(input.publicKey),
      ...(input.user ? { user: input.user } : {}),
      ...(input.file ? { file: input.file } : {}),
    };
    return change(c, input, { operation: 'sync-ssh', key });
  });

  app.post('/:cluster/admin/restart', async (c) => {
    const input = parseInput(restartBody, await jsonBody(c), 'body');
    return change(c, input, { operation: 'restart', daemon: parseDaemon(input.daemon) });
  });

  app.post('/:cluster/admin/recover', async (c) => {
    const input = parseInput(recoverBody, await jsonBody(c), 'body');
    const force = input.force ? expandHostlist(input.force) : [];
    return change(c, input, { operation: 'recover', force });
  });

  return app;
}
