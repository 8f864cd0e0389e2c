import { parseTres } from './gres.js';
import { runSlurm, type RunContext, type RunOptions } from './run.js';
import { assertName } from './validate.js';

/** CPU and GPU hours: used so far (decayed, as the fair-share sees them) and the account's cap. */
export interface AccountUsage {
  account: string;
  /** The whole account's use, which its limit counts against. */
  used: { cpuHours: number; gpuHours: number };
  /** This user's own part of it. */
  usedByUser: { cpuHours: number; gpuHours: number };
  /** GrpTRESMins of the account (or of the user's own association), in hours; absent: none. */
  limits: { cpuHours?: number; gpuHours?: number };
}

/** One sshare call for every account the user is in, with the accounts' own rows. */
export function shareUsageArgv(user: string): string[] {
  return [
    'sshare',
    '--noheader',
    '--parsable2',
    '--all',
    `--users=${assertName('user', user)}`,
    '--format=Account,User,GrpTRESMins,GrpTRESRaw',
  ];
}

const hours = (minutes: string | undefined) =>
  minutes !== undefined && /^\d+(\.\d+)?$/.test(minutes) ? Number(minutes) / 60 : undefined;

function tresHours(value: string | undefined): { cpuHours?: number; gpuHours?: number } {
  const tres = parseTres(value);
  const cpu = hours(tres['cpu']);
  const gpu = hours(tres['gres/gpu']);
  return {
    ...(cpu !== undefined ? { cpuHours: cpu } : {}),
    ...(gpu !== undefined ? { gpuHours: gpu } : {}),
  };
}

/**
 * `sshare -P` rows (Account|User|GrpTRESMins|GrpTRESRaw; an account's own row has no user, and
 * the account name is indented by depth) as usage per account the user belongs to.
 */
export function parseShareUsage(stdout: string, user: string): AccountUsage[] {
  const accounts = new Map<string, { limits: string; raw: string }>();
  const mine: Array<{ account: string; limits: string; raw: string }> = [];
  for (const line of stdout.split('\n')) {
    const [account, rowUser, limits = '', raw = ''] = line.split('|');
    const name = account?.trim();
    if (!name) continue;
    if (!rowUser) accounts.set(name, { limits, raw });
    else if (rowUser === user) mine.push({ account: name, limits, raw });
  }
  return mine.map((row) => {
    const account = accounts.get(row.account);
    const used = tresHours(account?.raw ?? row.raw);
    const own = tresHours(row.raw);
    return {
      account: row.account,
      used: { cpuHours: used.cpuHours ?? 0, gpuHours: used.gpuHours ?? 0 },
      usedByUser: { cpuHours: own.cpuHours ?? 0, gpuHours: own.gpuHours ?? 0 },
      limits: tresHours(row.limits || account?.limits),
    };
  });
}

export async function shareUsage(
  ctx: RunContext,
  user: string,
  options: RunOptions = {},
): Promise<AccountUsage[]> {
  const { stdout } = await runSlurm(ctx, shareUsageArgv(user), options);
  return parseShareUsage(stdout, user);
}
