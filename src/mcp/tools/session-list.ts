import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { sessionsOf } from '../sessions.js';
import { toolResult } from '../tool-result.js';
import { clusterArg } from './schemas.js';

export function registerSessionListTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'session_list',
    {
      title: 'List sessions',
      description:
        'Sessions on a cluster with their phase, job and node, including orphans (tmux sessions of ours the index lost, e.g. after a crash) that still hold resources and should be stopped.',
      inputSchema: { cluster: clusterArg },
      outputSchema: {
        cluster: z.string(),
        sessions: z.array(
          z.object({
            name: z.string(),
            phase: z.string(),
            jobId: z.string().optional(),
            node: z.string().optional(),
            attached: z.boolean(),
            reason: z.string().optional(),
          }),
        ),
      },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      },
    },
    guard(deps, async (args) => {
      const { name, sessions } = sessionsOf(deps, args.cluster);
      const list = (await sessions.list()).map((s) => ({
        name: s.phase === 'orphaned' ? s.tmux : s.name,
        phase: s.phase,
        ...(s.jobId ? { jobId: s.jobId } : {}),
        ...(s.node ? { node: s.node } : {}),
        attached: s.attached,
        ...(s.reason ? { reason: s.reason } : {}),
      }));
      const text =
        list.length === 0
          ? `no sessions on ${name}`
          : list
              .map(
                (s) =>
                  `${s.name}: ${s.phase}${s.jobId ? ` job ${s.jobId}` : ''}${s.node ? ` on ${s.node}` : ''}`,
              )
              .join('\n');
      return toolResult({ cluster: name, sessions: list }, text);
    }),
  );
}
