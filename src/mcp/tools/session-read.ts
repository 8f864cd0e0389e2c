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
import { clusterArg } from './schemas.js';

export function registerSessionReadTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'session_read',
    {
      title: "Read a session's output",
      description:
        "Read a session's output from a cursor (default: where the last read or exec stopped). With waitSeconds (max 50) it waits for the running command to end, or for new output. Use it to follow a long command that session_exec left running.",
      inputSchema: {
        cluster: clusterArg,
        name: sessionNameArg,
        cursor: z.number().int().min(0).optional(),
        waitSeconds: z.number().min(0).max(50).optional(),
        maxBytes: z.number().int().min(256).max(MAX_OUTPUT_BYTES).optional(),
      },
      outputSchema: outputShape,
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      },
    },
    guard(deps, async (args) => {
      const { sessions } = sessionsOf(deps, args.cluster);
      const maxBytes = args.maxBytes ?? DEFAULT_OUTPUT_BYTES;
      const outcome = await sessions.read(args.name, {
        ...(args.cursor === undefined ? {} : { since: args.cursor }),
        waitMs: (args.waitSeconds ?? 0) * 1000,
        maxBytes,
      });
      const { structured, text } = outputResult(args.name, outcome, deps.redact, maxBytes);
      return toolResult(structured, text);
    }),
  );
}
