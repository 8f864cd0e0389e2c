import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import {
  DEFAULT_OUTPUT_BYTES,
  MAX_OUTPUT_BYTES,
  outputResult,
  outputShape,
} from '../session-output.js';
import { sessionNameArg, sessionsOf } from '../sessions.js';
import { toolResult } from '../tool-result.js';
import { clusterArg, ACTS_IN_SHELL } from './schemas.js';

export function registerSessionExecTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'session_exec',
    {
      title: 'Run a command in a session',
      description:
        'Run one shell command in a ready session on its compute node and return its output and exit code (completion is known from markers, not guessed). Waits at most timeoutSeconds (default 25, max 50); a longer command keeps running: follow it with session_read. The shell keeps its state (cd, exports) between calls.',
      inputSchema: {
        cluster: clusterArg,
        name: sessionNameArg,
        command: z.string().min(1).max(100_000),
        timeoutSeconds: z.number().min(1).max(50).optional(),
        maxBytes: z.number().int().min(256).max(MAX_OUTPUT_BYTES).optional(),
      },
      outputSchema: outputShape,
      // Any command can run: it may change or delete things on the cluster.
      annotations: ACTS_IN_SHELL,
    },
    guard(deps, async (args) => {
      const { sessions } = sessionsOf(deps, args.cluster);
      const maxBytes = args.maxBytes ?? DEFAULT_OUTPUT_BYTES;
      const outcome = await sessions.exec(args.name, args.command, {
        timeoutMs: (args.timeoutSeconds ?? 25) * 1000,
        maxBytes,
      });
      const { structured, text } = outputResult(args.name, outcome, deps.redact, maxBytes);
      return toolResult(structured, text);
    }),
  );
}
