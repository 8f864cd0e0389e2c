import { SlurmdeckError } from '../core/errors.js';
import { assertJobIds } from './job-id.js';
import { runSlurm, type RunContext, type RunOptions } from './run.js';
import { parseSacct, sacctBaseArgv } from './sacct-format.js';
import type { AccountingFilter, AccountingRecord } from './types.js';
import { assertNames, assertStates } from './validate.js';

/** sacct argv: one call to slurmdbd for all the jobs asked about. */
export function sacctArgv(filter: AccountingFilter = {}): string[] {
  const argv = sacctBaseArgv();
  if (filter.jobIds?.length) argv.push(`--jobs=${assertJobIds(filter.jobIds).join(',')}`);
  if (filter.users?.length === 1 && filter.users[0] === '*') argv.push('--allusers');
  else if (filter.users?.length) argv.push(`--user=${assertNames('user', filter.users).join(',')}`);
  if (filter.states?.length) argv.push(`--state=${assertStates(filter.states).join(',')}`);
  if (filter.partitions?.length) {
    argv.push(`--partition=${assertNames('partition', filter.partitions).join(',')}`);
  }
  if (filter.since !== undefined) argv.push(`--starttime=${assertTime(filter.since)}`);
  if (filter.until !== undefined) argv.push(`--endtime=${assertTime(filter.until)}`);
  return argv;
}

/** sacct's time forms: `2024-05-01[T12:00[:00]]`, `now-2hours`, `MMDD[YY]`, `today`... */
function assertTime(value: unknown): string {
  if (typeof value === 'string' && /^[A-Za-z0-9:+\-./]{1,64}$/.test(value)) return value;
  throw new SlurmdeckError('INVALID_ARGUMENT', `not a sacct time: ${JSON.stringify(value)}`, {
    hint: 'Use a time like 2024-05-01T12:00:00, now-2hours or today.',
  });
}

export async function accounting(
  ctx: RunContext,
  filter: AccountingFilter = {},
  options: RunOptions = {},
): Promise<AccountingRecord[]> {
  const { stdout } = await runSlurm(ctx, sacctArgv(filter), options);
  return parseSacct(stdout);
}
