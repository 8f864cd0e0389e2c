import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { copyStatesOnHosts, copyView, copyViewSchema, createCopyStore } from '../../sites/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { cleanOutput, fencedClusterText } from '../untrusted-text.js';

export function registerDataStatusTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'data_status',
    {
      title: 'Data copy status',
      description:
        "Progress of copies started with data_copy (bytes, percent, rate, ETA), or how they ended with the meaning of rsync's exit code and what to do. One command per host for all copies asked.",
      inputSchema: {
        id: z.string().optional().describe('one copy; default: every copy started from here'),
      },
      outputSchema: { copies: z.array(copyViewSchema) },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      },
    },
    guard(deps, async ({ id }) => {
      const store = createCopyStore(deps.db);
      const rows = id
        ? [store.require(id, 'Call data_status without an id to list them.')]
        : store.list();
      const states = await copyStatesOnHosts(rows, (c) => deps.cluster(c).transport);
      const copies = states.map((state) => copyView(state, (e) => cleanOutput(e, deps.redact)));
      const lines = copies.map(
        (c) =>
          `${c.id} ${c.phase}${c.percent !== undefined ? ` ${c.percent}%` : ''} ${c.source} -> ${c.target}${c.meaning ? ` (${c.meaning})` : ''}`,
      );
      const errors = copies.flatMap((c) => c.errors);
      return toolResult(
        { copies },
        `${lines.join('\n') || 'no copies'}${errors.length ? `\n${fencedClusterText('rsync', errors.join('\n'))}` : ''}`,
      );
    }),
  );
}
