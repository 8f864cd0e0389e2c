import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import {
  sessionNameArg,
  sessionsOf,
  statusShape,
  statusText,
  statusView,
  waitForSession,
} from '../sessions.js';
import { toolResult } from '../tool-result.js';
import { clusterArg } from './schemas.js';

export function registerSessionStartTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'session_start',
    {
      title: 'Start an interactive session on a compute node',
      description:
        'Start a persistent shell on a compute node (srun --pty inside tmux on the login node): it survives disconnects and server restarts. Allocation can take minutes: the call waits at most waitSeconds (default 25, max 50) and returns the phase; then call session_status with waitSeconds until ready. Stop it with session_stop when done: it holds GPUs.',
      inputSchema: {
        cluster: clusterArg,
        name: sessionNameArg,
        partition: z.string().optional(),
        gpus: z.string().optional().describe('e.g. "1" or "a100:2"'),
        cpus: z.number().int().min(1).optional(),
        mem: z.string().optional().describe('e.g. 16G'),
        time: z.string().optional().describe('time limit, e.g. 2:00:00'),
        exclude: z.array(z.string()).optional().describe('nodes to avoid'),
        containerArgs: z
          .array(z.string())
          .optional()
          .describe('e.g. ["--container-image=nvcr.io#nvidia/pytorch:24.05-py3"]'),
        idleReleaseMinutes: z
          .number()
          .positive()
          .optional()
          .describe('end it after this long unused'),
        waitSeconds: z
          .number()
          .min(0)
          .max(50)
          .optional()
          .describe('how long to wait for the shell (default 25)'),
      },
      outputSchema: statusShape,
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    guard(deps, async (args, extra) => {
      const { sessions } = sessionsOf(deps, args.cluster);
      const { cluster: _c, waitSeconds, ...request } = args;
      await sessions.start(request);
      const status = await waitForSession(sessions, args.name, (waitSeconds ?? 25) * 1000, extra);
      return toolResult(statusView(status), statusText(status));
    }),
  );
}
