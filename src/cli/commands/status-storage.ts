import { userInfo } from 'node:os';
import { formatBytes } from '../../core/format.js';
import {
  siteGroupFor,
  siteStorageQuota,
  type StorageQuota,
  type StorageQuotaEntry,
} from '../../sites/index.js';
import type { AccountUsage } from '../../slurm/index.js';
import type { Workspace } from '../../workspace/index.js';
import type { ClusterContext } from '../context.js';

/** Storage quota of the user and the accounts sshare named, from the site's API (squota's part). */
export async function siteStorage(
  ws: Workspace,
  site: string,
  cluster: ClusterContext,
  usage: { accounts: AccountUsage[] } | { error: string },
): Promise<StorageQuota> {
  try {
    const { profile } = siteGroupFor(ws.config(), site, {});
    const user = (cluster.config.transport === 'ssh' && cluster.config.user) || userInfo().username;
    const accounts = 'accounts' in usage ? usage.accounts.map((a) => a.account) : [];
    return await siteStorageQuota(site, profile, { user, accounts });
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}

const ofLimit = (used: number | undefined, limit: number | undefined, unit = '') => {
  const shown = (n: number | undefined) => (unit ? String(n ?? '-') : formatBytes(n));
  return limit === undefined
    ? `${shown(used)}${unit} (no limit)`
    : `${shown(used)} of ${shown(limit)}${unit}`;
};

function entryText(e: StorageQuotaEntry): string {
  const parts = [];
  if (e.usedBytes !== undefined || e.limitBytes !== undefined)
    parts.push(ofLimit(e.usedBytes, e.limitBytes));
  if (e.usedFiles !== undefined || e.limitFiles !== undefined)
    parts.push(ofLimit(e.usedFiles, e.limitFiles, ' files'));
  return `${e.pool ? `${e.pool} ` : ''}${parts.join(', ')}`;
}

/** One line per user or account, its pools side by side; one line when there is none. */
export function storageLines(quota: StorageQuota): string[] {
  if ('unavailable' in quota) return [`storage quota: not available (${quota.unavailable})`];
  const whose = [...new Set(quota.entries.map((e) => `${e.scope} ${e.name}`))];
  const lines = whose.map((who) => {
    const mine = quota.entries.filter((e) => `${e.scope} ${e.name}` === who);
    return `storage of ${who}: ${mine.map(entryText).join('; ')}`;
  });
  if (lines.length === 0) lines.push('storage quota: the site API reports none for you');
  for (const error of quota.errors ?? []) lines.push(`storage quota: not read for ${error}`);
  return lines;
}
