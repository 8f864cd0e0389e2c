import { isSlurmdeckError } from '../core/errors.js';
import { assertJobIds } from './job-id.js';
import { runSlurm, type RunContext, type RunOptions } from './run.js';
import { parseSqueue, squeueFormat } from './squeue-format.js';
import type { Job, JobFilter } from './types.js';
import { assertNames, assertStates } from './validate.js';

/** squeue argv for a filter: one call, one REQUEST_JOB_INFO, however many jobs come back. */
export function squeueArgv(filter: JobFilter = {}, user?: string): string[] {
  const argv = ['squeue', '-h', '-O', squeueFormat()];
  if (filter.mine) argv.push(...(user === undefined ? ['--me'] : ['-u', user]));
  else if (filter.users?.length) argv.push('-u', assertNames('user', filter.users).join(','));
  if (filter.states?.length) argv.push('-t', assertStates(filter.states).join(','));
  else if (filter.allStates) argv.push('-t', 'all');
  if (filter.partitions?.length) {
    argv.push('-p', assertNames('partition', filter.partitions).join(','));
  }
  if (filter.jobIds?.length) argv.push(`--jobs=${assertJobIds(filter.jobIds).join(',')}`);
  return argv;
}

export async function listJobs(
  ctx: RunContext & { user?: string },
  filter: JobFilter = {},
  options: RunOptions = {},
): Promise<Job[]> {
  const argv = squeueArgv(filter, ctx.user);
  try {
    const { stdout } = await runSlurm(ctx, argv, options);
    return parseSqueue(stdout);
  } catch (error) {
    // Asked for ids the controller has already forgotten: the honest answer is "none queued".
    if (filter.jobIds?.length && isSlurmdeckError(error, 'JOB_NOT_FOUND')) return [];
    throw error;
  }
}
