import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { sessionNameArg, sessionsOf } from '../sessions.js';
import { toolResult } from '../tool-result.js';
import { clusterArg, ACTS_IN_SHELL } from './schemas.js';

export function registerSessionSendTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'session_send',
    {
      title: 'Type into a session',
      description:
        'Type text into the session (then Enter unless enter is false): to answer a prompt or drive a REPL that session_exec started. Read the result with session_read.',
      inputSchema: {
        cluster: clusterArg,
        name: sessionNameArg,
        text: z.string().max(100_000),
        enter: z.boolean().optional().describe('press Enter after the text (default true)'),
      },
      outputSchema: { name: z.string(), cursor: z.number() },
      annotations: ACTS_IN_SHELL,
    },
    guard(deps, async (args) => {
      const { sessions } = sessionsOf(deps, args.cluster);
      const { cursor } = await sessions.send(args.name, args.text, {
        ...(args.enter === undefined ? {} : { enter: args.enter }),
      });
      return toolResult(
        { name: args.name, cursor },
        `Typed into session "${args.name}". Read what it did with session_read (cursor ${cursor}).`,
      );
    }),
  );
}
