import { SlurmdeckError } from '../core/errors.js';
import { assertCancelIds } from './job-id.js';
import { runSlurm, type RunContext, type RunOptions } from './run.js';
import { assertName } from './validate.js';

export interface CancelOptions extends RunOptions {
  /** Send this signal instead of cancelling: `USR1`, `SIGTERM`, `9`. */
  signalName?: string;
}

/**
 * `-v` because 22.05's scancel exits 0 and says nothing for an unknown job id unless verbose;
 * with it, stderr names each id Slurm did not know.
 */
export function scancelArgv(ids: readonly string[], signalName?: string): string[] {
  const argv = ['scancel', '-v'];
  if (signalName !== undefined) {
    if (!/^(?:SIG)?[A-Z][A-Z0-9]{0,10}$|^[1-9]\d?$/.test(signalName)) {
      throw new SlurmdeckError('INVALID_ARGUMENT', `not a signal: ${JSON.stringify(signalName)}`, {
        hint: 'Use a signal name like USR1 or TERM, or its number.',
      });
    }
    argv.push(`--signal=${signalName}`);
  }
  argv.push(...assertCancelIds(ids));
  return argv;
}

/**
 * Cancels `user`'s jobs named `name` in any state: for a job whose id is not known (still
 * queued by an srun, or left behind by one). `-u` keeps root from cancelling others' jobs.
 */
export function scancelByNameArgv(name: string, user: string): string[] {
  return ['scancel', '-u', assertName('user', user), '-n', assertName('job name', name)];
}

/** Ids scancel reported as unknown; "already completing or completed" counts as done. */
export function unknownJobIds(stderr: string): string[] {
  const ids: string[] = [];
  for (const m of stderr.matchAll(/Kill job error on job id (\S+): Invalid job id specified/g)) {
    if (m[1] !== undefined) ids.push(m[1]);
  }
  return ids;
}

export async function cancel(
  ctx: RunContext,
  ids: readonly string[],
  options: CancelOptions = {},
): Promise<void> {
  const { signalName, ...run } = options;
  const { stderr } = await runSlurm(ctx, scancelArgv(ids, signalName), run);
  const unknown = unknownJobIds(stderr);
  if (unknown.length > 0) {
    throw new SlurmdeckError('JOB_NOT_FOUND', `Invalid job id specified: ${unknown.join(', ')}`, {
      hint: 'The controller does not know these jobs: they may have finished long ago.',
      data: { unknown, requested: [...ids] },
    });
  }
}
