import { userInfo } from 'node:os';
import type { AccountUsage } from '../../slurm/index.js';
import type { ClusterContext } from '../context.js';

/** The user's accounts' CPU/GPU hours at a site, or why they could not be read (no sshare). */
export async function siteUsage(
  cluster: ClusterContext,
): Promise<{ accounts: AccountUsage[] } | { error: string }> {
  const user = (cluster.config.transport === 'ssh' && cluster.config.user) || userInfo().username;
  try {
    return { accounts: await cluster.slurm.shareUsage(user) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const h = (hours: number) => `${hours < 10 ? hours.toFixed(1) : Math.round(hours)} h`;
const ofLimit = (used: number, limit: number | undefined) =>
  limit === undefined ? `${h(used)} (no limit)` : `${h(used)} of ${h(limit)}`;

/** One line per account, as squota shows it. */
export function usageLines(usage: { accounts: AccountUsage[] } | { error: string }): string[] {
  if ('error' in usage) return [`account usage: not available (${usage.error})`];
  if (usage.accounts.length === 0) return ['account usage: sshare lists no account of yours'];
  return usage.accounts.map(
    (a) =>
      `account ${a.account}: CPU ${ofLimit(a.used.cpuHours, a.limits.cpuHours)}, ` +
      `GPU ${ofLimit(a.used.gpuHours, a.limits.gpuHours)}; yours ${h(a.usedByUser.cpuHours)} CPU, ${h(a.usedByUser.gpuHours)} GPU`,
  );
}
