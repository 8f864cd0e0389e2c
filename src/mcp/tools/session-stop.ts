import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { isSlurmdeckError } from '../../core/errors.js';
import { isOurTmuxName } from '../../sessions/names.js';
import { confirmAction, confirmationFields, confirmTokenArg } from '../confirm.js';
import type { McpDeps } from '../deps.js';
import { guard, callerName } from '../guard.js';
import { sessionNameArg, sessionsOf } from '../sessions.js';
import { toolResult } from '../tool-result.js';
import { clusterArg } from './schemas.js';

export function registerSessionStopTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'session_stop',
    {
      title: 'Stop a session',
      description:
        'End a session: kills whatever runs in its shell and releases its allocation (GPUs). Destructive, so it asks first: the user confirms in the client (elicitation), or the first call returns a summary and a confirmToken to pass back, with the same arguments, once the user agrees.',
      inputSchema: {
        cluster: clusterArg,
        name: sessionNameArg.describe(
          'session name, or the tmux name of an orphan from session_list',
        ),
        confirmToken: confirmTokenArg,
      },
      outputSchema: {
        cluster: z.string(),
        name: z.string(),
        ...confirmationFields,
        released: z.array(z.string()).describe('job ids released'),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
        openWorldHint: true,
      },
    },
    guard(deps, async (args, extra) => {
      const { name: cluster, sessions } = sessionsOf(deps, args.cluster);
      let what = `session "${args.name}"`;
      try {
        const s = await sessions.status(args.name);
        what = `session "${args.name}" (${s.phase}${s.jobId ? `, job ${s.jobId}` : ''}${s.node ? ` on ${s.node}` : ''})`;
      } catch (error) {
        // An orphan is known only by its tmux name; any other unknown name would fail once
        // confirmed: say so before asking.
        if (!isSlurmdeckError(error, 'SESSION_NOT_FOUND') || !isOurTmuxName(args.name)) throw error;
      }
      const summary = `Stop ${what} on cluster ${cluster}: whatever runs in its shell is killed and its allocation released. This cannot be undone.`;
      const bound = { cluster, name: args.name };
      const confirmation = await confirmAction(server, extra, deps, {
        tool: 'session_stop',
        cluster,
        args: bound,
        confirmToken: args.confirmToken,
        summary,
        question: `Stop session ${args.name}?`,
      });
      if (!confirmation.confirmed) {
        const base = confirmation.result.structuredContent ?? {};
        return {
          ...confirmation.result,
          structuredContent: { cluster, name: args.name, ...base, released: [] },
        };
      }
      const outcome = await deps.audit.run(
        {
          face: 'mcp',
          actor: callerName(extra),
          action: 'session.stop',
          cluster,
          target: { name: args.name },
          confirmedVia: confirmation.via,
        },
        () => sessions.stop(args.name),
      );
      const released = outcome.jobId ? [outcome.jobId] : [];
      return toolResult(
        { cluster, name: args.name, status: 'done', summary, released },
        `Stopped session "${args.name}"${outcome.jobId ? ` and released job ${outcome.jobId}` : ''}.${outcome.left.length ? ` Still in the queue: ${outcome.left.join(', ')}.` : ''}`,
      );
    }),
  );
}
