import { parseOwnJobs } from '../slurm/index.js';
import { SlurmdeckError } from '../core/errors.js';
import { isOurTmuxName } from './names.js';
import { STOP } from './remote-scripts.js';
import { runRemote, splitQueue, type SessionContext } from './remote.js';

export interface StopOutcome {
  name: string;
  tmux: string;
  jobId: string | undefined;
  /** Jobs of the session still in the queue 5 s after stopping (should be none). */
  left: string[];
}

/**
 * Ends the shell and releases the allocation. Takes a session name, or the tmux name of an
 * orphan that `session list` showed.
 */
export async function stopSession(ctx: SessionContext, name: string): Promise<StopOutcome> {
  const row = ctx.store.get(name);
  const tmux = row?.tmux ?? (isOurTmuxName(name) ? name : undefined);
  if (!tmux) {
    throw new SlurmdeckError('SESSION_NOT_FOUND', `no session named "${name}" on ${ctx.cluster}`, {
      hint: '`slurmdeck session list` shows sessions, and orphans by their tmux name.',
    });
  }
  const answer = await runRemote(ctx, STOP, [tmux, 'stopped by the user'], { timeoutMs: 60_000 });
  const left = parseOwnJobs(splitQueue(answer).queue).map((job) => `${job.jobId} ${job.state}`);
  if (row) {
    ctx.store.update(row.tmux, { phase: 'ended', reason: 'stopped by the user', released: true });
    ctx.store.swapPending(row.tmux, row.pendingId, undefined);
  }
  return { name, tmux, jobId: row?.jobId, left };
}
