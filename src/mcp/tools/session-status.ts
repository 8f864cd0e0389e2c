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

export function registerSessionStatusTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'session_status',
    {
      title: 'Session status',
      description:
        'Where a session is: connecting, queued (with the reason and expected start), allocated, starting, ready, failed or ended. With waitSeconds (max 50) it waits until the session is ready or ends, so call it in a loop to wait for a long allocation without spinning.',
      inputSchema: {
        cluster: clusterArg,
        name: sessionNameArg,
        waitSeconds: z
          .number()
          .min(0)
          .max(50)
          .optional()
          .describe('wait this long for ready (default 0)'),
      },
      outputSchema: statusShape,
      // Not read-only: a session whose shell vanished has its allocation released here.
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      },
    },
    guard(deps, async (args, extra) => {
      const { sessions } = sessionsOf(deps, args.cluster);
      const status = await waitForSession(
        sessions,
        args.name,
        (args.waitSeconds ?? 0) * 1000,
        extra,
      );
      return toolResult(statusView(status), statusText(status));
    }),
  );
}
