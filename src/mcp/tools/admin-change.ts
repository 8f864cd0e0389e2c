import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import {
  buildChange,
  changeArgs,
  changeWhat,
  describeChangePlan,
  runChange,
  type AdminChangeRequest,
  type ChangeDetail,
  type NodePlan,
  type NodeRow,
} from '../../admin/index.js';
import { assertAdminCaller } from '../admin-caller.js';
import { confirmAction, confirmationFields } from '../confirm.js';
import type { McpDeps } from '../deps.js';
import { callerName, type ToolExtra } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { delimit } from '../untrusted-text.js';
import { changeRowShape, targetSpec, withAdminTargets } from './admin-view.js';

export const changeOutputSchema = {
  cluster: z.string(),
  operation: z.string(),
  ...confirmationFields,
  status: z
    .enum(['done', 'declined', 'confirmation_required', 'nothing_to_do'])
    .describe(
      'done: it acted; declined: the user said no; confirmation_required: see confirmToken; nothing_to_do: no node needs a change (each row says why)',
    ),
  changing: z.array(z.string()).describe('the nodes this call changes (or would)'),
  rows: z.array(
    changeRowShape.extend({ steps: z.array(z.string()).optional().describe('in order') }),
  ),
  notes: z.array(z.string()).describe('once after the change, e.g. scontrol reconfigure'),
};

const rowView = (row: NodeRow<ChangeDetail>) => ({
  node: row.node,
  outcome: row.outcome,
  summary: row.summary,
  ...(row.detail?.steps.length ? { steps: row.detail.steps } : {}),
  ...(row.detail?.before ? { before: row.detail.before } : {}),
  ...(row.detail?.after ? { after: row.detail.after } : {}),
});

/** Node lines carry Slurm's reasons (anyone's words): fenced for the agent. */
function fenced(summary: string): string {
  const [headline = '', ...lines] = summary.split('\n');
  return lines.length
    ? `${headline}\n${delimit('nodes as Slurm shows them', lines.join('\n'))}`
    : headline;
}

/**
 * The changing admin tools alike: inspect read-only, ask once (elicitation or a token bound to
 * the nodes that change, their steps and the arguments), apply, audit one entry per node.
 */
export async function runChangeTool(
  server: McpServer,
  deps: McpDeps,
  extra: ToolExtra,
  tool: string,
  args: { cluster?: string | undefined; nodes: string; confirmToken?: string | undefined },
  request: AdminChangeRequest,
): Promise<CallToolResult> {
  assertAdminCaller(extra);
  return withAdminTargets(
    deps,
    args.cluster,
    targetSpec(args.nodes),
    async (session, targets, cluster) => {
      const operation = await buildChange(session.access, request, targets);
      let asked: readonly NodePlan[] | undefined;
      let unconfirmed: CallToolResult | undefined;
      const report = await runChange(operation, targets, {
        audit: { log: deps.audit, cluster, actor: callerName(extra), face: 'mcp' },
        async confirm(plans) {
          asked = plans;
          const names = plans.map((p) => p.target.name).join(', ');
          const what = changeWhat(request);
          const confirmation = await confirmAction(server, extra, deps, {
            tool,
            cluster,
            args: {
              cluster,
              operation: request.operation,
              ...changeArgs(request),
              plan: plans.map((p) => ({ node: p.target.name, steps: p.steps })),
            },
            confirmToken: args.confirmToken,
            summary: fenced(describeChangePlan(request, cluster, plans, [])),
            question: `${what[0]?.toUpperCase()}${what.slice(1)} on ${names}?`,
          });
          if (confirmation.confirmed) return confirmation.via;
          unconfirmed = confirmation.result;
          return undefined;
        },
      });
      const changing = (asked ?? []).map((p) => p.target.name);
      const untouched = report.rows.filter((r) => !changing.includes(r.node));
      const summary = fenced(describeChangePlan(request, cluster, asked ?? [], untouched));
      const rows = report.rows.map(rowView);
      const base = {
        cluster,
        operation: request.operation,
        summary,
        changing,
        rows,
        notes: report.notes,
      };
      if (asked === undefined) {
        return toolResult(
          { ...base, status: 'nothing_to_do' },
          `Nothing to do: no node needs a change.\n${summary}`,
        );
      }
      if (unconfirmed) {
        return {
          ...unconfirmed,
          structuredContent: { ...base, ...unconfirmed.structuredContent, summary },
        };
      }
      deps.log.info(`mcp: ${tool} ${request.operation} on ${changing.join(',')} of ${cluster}`);
      const lines = rows.map((r) => `${r.node}: ${r.outcome}: ${r.summary}`).join('\n');
      return toolResult(
        { ...base, status: 'done' },
        [delimit('result per node', lines), ...report.notes].join('\n'),
      );
    },
  );
}
