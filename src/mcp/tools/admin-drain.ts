import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import {
  applyStateChange,
  describePlan,
  planStateChange,
  type StateChangeRequest,
} from '../../admin/index.js';
import { assertAdminCaller } from '../admin-caller.js';
import { confirmAction, confirmationFields, confirmTokenArg } from '../confirm.js';
import type { McpDeps } from '../deps.js';
import { callerName, guard, type ToolExtra } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { delimit } from '../untrusted-text.js';
import { clusterArg } from './schemas.js';
import {
  changeRowShape,
  changeRowView,
  nodesArg,
  targetSpec,
  withAdminTargets,
} from './admin-view.js';

const CHANGES_NODES = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: true,
} as const;

const outputSchema = {
  cluster: z.string(),
  ...confirmationFields,
  status: z
    .enum(['done', 'declined', 'confirmation_required', 'nothing_to_do'])
    .describe(
      'done: it acted; declined: the user said no; confirmation_required: see confirmToken; nothing_to_do: no node would change (each row says why)',
    ),
  changing: z.array(z.string()).describe('the nodes this call changes (or would)'),
  rows: z.array(changeRowShape),
};

/** Drain and resume alike: plan from Slurm's state, ask first, apply, audit. */
async function changeState(
  server: McpServer,
  deps: McpDeps,
  extra: ToolExtra,
  args: { cluster?: string | undefined; nodes: string; confirmToken?: string | undefined },
  request: StateChangeRequest,
) {
  assertAdminCaller(extra);
  const tool = `admin_${request.change}`;
  return withAdminTargets(
    deps,
    args.cluster,
    targetSpec(args.nodes),
    async (session, targets, cluster) => {
      const plan = planStateChange(targets, request);
      // Reasons are anyone's words as far as an agent knows: the per-node lines are fenced.
      const [headline = '', ...nodeLines] = describePlan(plan, cluster).split('\n');
      const summary = `${headline}\n${delimit('nodes as Slurm shows them', nodeLines.join('\n'))}`;
      const base = { cluster, summary, changing: plan.changing };
      if (plan.changing.length === 0) {
        return toolResult(
          { ...base, status: 'nothing_to_do', rows: plan.rows.map(changeRowView) },
          `Nothing to do: no node would change.\n${summary}`,
        );
      }
      const confirmation = await confirmAction(server, extra, deps, {
        tool,
        cluster,
        // Bound to the nodes shown to change: if Slurm's state moves, the call asks again.
        args: { cluster, nodes: plan.changing, reason: plan.reason ?? '', force: plan.force },
        confirmToken: args.confirmToken,
        summary,
        question: `${request.change === 'drain' ? 'Drain' : 'Resume'} ${plan.changing.join(', ')}?`,
      });
      if (!confirmation.confirmed) {
        const asked = confirmation.result.structuredContent ?? {};
        return {
          ...confirmation.result,
          structuredContent: { ...base, ...asked, rows: plan.rows.map(changeRowView) },
        };
      }
      const rows = await applyStateChange(session.access.controller(), plan, {
        audit: {
          log: deps.audit,
          entry: { face: 'mcp', actor: callerName(extra), cluster, confirmedVia: confirmation.via },
        },
      });
      deps.log.info(
        `mcp: ${tool} ${plan.changing.join(',')} on ${cluster} (confirmed via ${confirmation.via})`,
      );
      const view = rows.map(changeRowView);
      return toolResult(
        { ...base, status: 'done', rows: view },
        view.map((r) => `${r.node}: ${r.outcome}: ${r.summary}`).join('\n'),
      );
    },
  );
}

export function registerAdminDrainTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'admin_drain',
    {
      title: 'Drain nodes (admin)',
      description:
        'For the cluster\'s admin: drain nodes (no new jobs start there; running jobs go on) with a reason, stored as "slurmdeck: REASON" so slurmdeck may later resume them. Nodes already drained are left as they are (an admin\'s reason is never overwritten). It asks first: the user confirms in the client (elicitation), or the first call returns a summary and a confirmToken to pass back with the same arguments once the user agrees. Drain only when the user asked for it.',
      inputSchema: {
        cluster: clusterArg,
        nodes: nodesArg,
        reason: z.string().min(1).max(200).describe('why, shown in sinfo -R'),
        confirmToken: confirmTokenArg,
      },
      outputSchema,
      annotations: CHANGES_NODES,
    },
    guard(deps, (args, extra) =>
      changeState(server, deps, extra, args, { change: 'drain', reason: args.reason }),
    ),
  );
}

export function registerAdminResumeTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'admin_resume',
    {
      title: 'Resume nodes (admin)',
      description:
        'For the cluster\'s admin: resume nodes slurmdeck drained (reason "slurmdeck: ...") or Slurm itself marked down (not responding, unexpected reboot), so they take jobs again. A drain an admin set with their own reason, or a node with a reboot pending, is left alone unless force is true: use force only when the user says so for those nodes. It asks first, like admin_drain.',
      inputSchema: {
        cluster: clusterArg,
        nodes: nodesArg,
        force: z.boolean().optional().describe("also an admin's own drain, and pending reboots"),
        confirmToken: confirmTokenArg,
      },
      outputSchema,
      annotations: CHANGES_NODES,
    },
    guard(deps, (args, extra) =>
      changeState(server, deps, extra, args, { change: 'resume', force: args.force === true }),
    ),
  );
}
