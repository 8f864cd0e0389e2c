import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { sessionNameArg, sessionsOf } from '../sessions.js';
import { toolResult } from '../tool-result.js';
import { clusterArg, ACTS_IN_SHELL } from './schemas.js';

export function registerSessionCtrlTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'session_ctrl',
    {
      title: 'Send a control key to a session',
      description:
        'Send ctrl-c (interrupt), ctrl-d (end of input), ctrl-z (suspend) or ctrl-\\ (quit) to what runs in the session. Ctrl-c stops the command you started; the session itself stays.',
      inputSchema: {
        cluster: clusterArg,
        name: sessionNameArg,
        key: z.enum(['c', 'd', 'z', '\\']),
      },
      outputSchema: { name: z.string(), cursor: z.number() },
      // It can stop the running command.
      annotations: ACTS_IN_SHELL,
    },
    guard(deps, async (args) => {
      const { sessions } = sessionsOf(deps, args.cluster);
      const { cursor } = await sessions.ctrl(args.name, args.key);
      return toolResult(
        { name: args.name, cursor },
        `Sent ctrl-${args.key} to session "${args.name}". session_read shows what followed.`,
      );
    }),
  );
}
