import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { copySummary, copyTarget, createCopyStore, startCopy } from '../../sites/index.js';
import { confirmAction, confirmationFields, confirmTokenArg } from '../confirm.js';
import type { McpDeps } from '../deps.js';
import { callerName, guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { clusterArg } from './schemas.js';

export function registerDataCopyTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'data_copy',
    {
      title: 'Copy data on the cluster',
      description:
        'Start rsync on the cluster inside tmux (on the data node a site routes it to), so it survives disconnects; returns at once with a copy id for data_status. Files at the target that differ are overwritten, so it asks first: the user confirms in the client, or the first call returns a summary and a confirmToken to pass back with the same arguments. Give target, or (with site) to: a pool name or "cold" for the cold pool with the most free space.',
      inputSchema: {
        cluster: clusterArg,
        site: z.string().optional().describe('a configured site: routes the copy to its data node'),
        source: z.string().min(1),
        target: z.string().optional(),
        to: z.string().optional().describe('with site: a pool, or "cold"'),
        bwlimitKbps: z.number().int().positive().optional(),
        parallel: z
          .number()
          .int()
          .min(1)
          .max(32)
          .optional()
          .describe('rsync streams at once for a folder of many files'),
        confirmToken: confirmTokenArg,
      },
      outputSchema: {
        cluster: z.string(),
        ...confirmationFields,
        id: z.string().optional().describe('the copy id, once started'),
        target: z.string(),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    guard(deps, async (args, extra) => {
      const where = await copyTarget(
        {
          config: deps.config,
          clusterName: () => deps.clusterName(args.cluster),
          transportOf: (c) => deps.cluster(c).transport,
        },
        {
          ...(args.site ? { site: args.site } : {}),
          source: args.source,
          ...(args.target ? { target: args.target } : {}),
          ...(args.to ? { to: args.to } : {}),
        },
      );
      const summary = copySummary(args.source, where, args.parallel);
      const bound = {
        cluster: where.cluster,
        source: args.source,
        target: where.target,
        bwlimitKbps: args.bwlimitKbps ?? null,
        parallel: args.parallel ?? 1,
      };
      const confirmation = await confirmAction(server, extra, deps, {
        tool: 'data_copy',
        cluster: where.cluster,
        args: bound,
        confirmToken: args.confirmToken,
        summary,
        question: `Copy to ${where.target}?`,
      });
      if (!confirmation.confirmed) {
        const base = confirmation.result.structuredContent ?? {};
        return {
          ...confirmation.result,
          structuredContent: { cluster: where.cluster, target: where.target, ...base },
        };
      }
      const row = await deps.audit.run(
        {
          face: 'mcp',
          actor: callerName(extra),
          action: 'data.copy',
          cluster: where.cluster,
          target: { source: args.source, target: where.target },
          confirmedVia: confirmation.via,
        },
        () =>
          startCopy(
            { cluster: where.cluster, transport: deps.cluster(where.cluster).transport },
            createCopyStore(deps.db),
            {
              source: args.source,
              target: where.target,
              rsyncArgs: args.bwlimitKbps ? [`--bwlimit=${args.bwlimitKbps}`] : [],
              parallel: args.parallel ?? 1,
            },
          ),
      );
      return toolResult(
        { cluster: where.cluster, status: 'done', summary, id: row.id, target: where.target },
        `Copy ${row.id} started: ${args.source} -> ${where.target}. Follow it with data_status.`,
      );
    }),
  );
}
