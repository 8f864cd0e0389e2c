import type { SiteUsage } from './site-quota.js';

const h = (hours: number) => `${hours < 10 ? hours.toFixed(1) : Math.round(hours)} h`;
const ofLimit = (used: number, limit: number | undefined) =>
  limit === undefined ? `${h(used)} (no limit)` : `${h(used)} of ${h(limit)}`;

/** One line per account, as squota shows it. */
export function usageLines(usage: SiteUsage): string[] {
  if ('error' in usage) return [`account usage: not available (${usage.error})`];
  if (usage.accounts.length === 0) return ['account usage: sshare lists no account of yours'];
  return usage.accounts.map(
    (a) =>
      `account ${a.account}: CPU ${ofLimit(a.used.cpuHours, a.limits.cpuHours)}, ` +
      `GPU ${ofLimit(a.used.gpuHours, a.limits.gpuHours)}; yours ${h(a.usedByUser.cpuHours)} CPU, ${h(a.usedByUser.gpuHours)} GPU`,
  );
}
