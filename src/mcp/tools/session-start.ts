import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { showControls } from '../../core/clean-text.js';
import { SlurmdeckError, isSlurmdeckError } from '../../core/errors.js';
import { checkAllocation } from '../../jobs/submit-request.js';
import { allocationFromFlags } from '../../slurm/index.js';
import type { SessionManager } from '../../sessions/index.js';
import { assertSessionName } from '../../sessions/names.js';
import { excludeList, srunArgs } from '../../sessions/srun-args.js';
import { LIVE_PHASES } from '../../sessions/types.js';
import { allocationText } from '../allocation-summary.js';
import { confirmAction, confirmationFields, confirmTokenArg } from '../confirm.js';
import type { McpDeps } from '../deps.js';
import { guard, callerName } from '../guard.js';
import {
  sessionNameArg,
  sessionsOf,
  statusShape,
  statusText,
  statusView,
  waitForSession,
} from '../sessions.js';
import { toolResult } from '../tool-result.js';
import { clusterArg, ALLOCATES } from './schemas.js';

export function registerSessionStartTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'session_start',
    {
      title: 'Start an interactive session on a compute node',
      description:
        'Start a persistent shell on a compute node (srun --pty inside tmux on the login node): it survives disconnects and server restarts. It allocates billed resources, so it asks first: the user confirms in the client when it can ask (elicitation); otherwise the first call starts nothing and returns a summary of what would be allocated (partition, GPUs, CPUs, memory, time limit) and a confirmToken: show it to the user, and only if they agree call again with the same arguments plus confirmToken. Allocation can take minutes: the call waits at most waitSeconds (default 25, max 50) and returns the phase; then call session_status with waitSeconds until ready. Stop it with session_stop when done: it holds GPUs.',
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
        confirmToken: confirmTokenArg.describe(
          'from an earlier call with the same arguments (waitSeconds may differ)',
        ),
      },
      outputSchema: {
        ...statusShape,
        ...confirmationFields,
        phase: statusShape.phase.optional().describe('absent when nothing was started'),
      },
      annotations: ALLOCATES,
    },
    guard(deps, async (args, extra) => {
      const handle = deps.cluster(args.cluster);
      const { sessions } = sessionsOf(deps, args.cluster);
      const { cluster: _c, waitSeconds, confirmToken, ...request } = args;
      // Everything that would make the start fail is checked before anyone is asked.
      assertSessionName(request.name);
      excludeList(request.exclude);
      // The very flags srun gets (site preset first, then the request): what will be held.
      const flags = srunArgs(request, {
        ...handle.config.defaults,
        srunDefaults: handle.config.sessions.srunDefaults,
      });
      const asked = allocationFromFlags(flags);
      await checkAllocation(handle.slurm, asked);
      await refuseLiveSession(sessions, request.name);
      const allocation = allocationText({ nodes: '1', ...asked });
      const release = [
        'session_stop',
        'its time limit',
        ...(request.idleReleaseMinutes ? [`${request.idleReleaseMinutes} min unused`] : []),
      ].join(', ');
      // What the user says yes to shows every control character: a `\r` cannot hide what runs.
      const summary = showControls(
        deps.redact(
          `Start session "${args.name}" on cluster ${handle.name}: one shell on a compute node (srun ${flags.join(' ')}). It holds, and bills: ${allocation}, until ${release}.`,
        ),
      );
      const bound = { ...request, cluster: handle.name };
      const confirmation = await confirmAction(server, extra, deps, {
        tool: 'session_start',
        cluster: handle.name,
        args: bound,
        confirmToken,
        summary,
        question: `Start session ${args.name}?`,
      });
      if (!confirmation.confirmed) {
        const base = confirmation.result.structuredContent ?? {};
        return {
          ...confirmation.result,
          structuredContent: { name: args.name, cluster: handle.name, ...base },
        };
      }
      await deps.audit.run(
        {
          face: 'mcp',
          actor: callerName(extra),
          action: 'session.start',
          cluster: handle.name,
          target: { name: args.name, allocation, srunArgs: flags },
          confirmedVia: confirmation.via,
        },
        () => sessions.start(request),
      );
      const status = await waitForSession(sessions, args.name, (waitSeconds ?? 25) * 1000, extra);
      return toolResult({ ...statusView(status), status: 'done', summary }, statusText(status));
    }),
  );
}

/** A start of a name that is live already would fail once confirmed: say so before asking. */
async function refuseLiveSession(sessions: SessionManager, name: string): Promise<void> {
  try {
    const { phase } = await sessions.status(name);
    if (!LIVE_PHASES.includes(phase)) return;
    throw new SlurmdeckError('SESSION_EXISTS', `session "${name}" is already ${phase}`, {
      hint: 'Use it (session_exec), or end it first with session_stop.',
    });
  } catch (error) {
    if (!isSlurmdeckError(error, 'SESSION_NOT_FOUND')) throw error;
  }
}
