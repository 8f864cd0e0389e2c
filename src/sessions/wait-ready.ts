import { SlurmdeckError } from '../core/errors.js';
import type { SessionContext } from './remote.js';
import { refreshStatus } from './status.js';
import type { SessionRow } from './store.js';

const POLL_MS = 1000;

/**
 * Waits (until the deadline) for a session's shell to come up, checking once a second without
 * squeue: the wrapper's events say queued/allocated already, so the controller is left alone.
 */
export async function waitUntilReady(
  ctx: SessionContext,
  row: SessionRow,
  deadline: number,
): Promise<SessionRow> {
  for (let first = true; ; first = false) {
    const status = await refreshStatus(ctx, row, { squeue: first });
    if (status.phase === 'ready') return ctx.store.byTmux(row.tmux) ?? row;
    if (status.phase === 'ended' || status.phase === 'failed') {
      throw new SlurmdeckError(
        'SESSION_ENDED',
        `session "${row.name}" ${status.phase}: ${status.reason ?? 'unknown'}`,
        {
          hint: `\`slurmdeck session status ${row.name}\` shows what happened; start a new one to go on.`,
        },
      );
    }
    if (Date.now() + POLL_MS > deadline) {
      const where = status.jobId
        ? ` (job ${status.jobId}${status.reason ? `: ${status.reason}` : ''})`
        : '';
      throw new SlurmdeckError(
        'SESSION_NOT_READY',
        `session "${row.name}" is ${status.phase}${where}`,
        {
          hint: 'Nothing was run. Try again later, or pass a longer --timeout; `session status` shows the progress.',
          data: { phase: status.phase },
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
