import { formatBytes } from '../core/format.js';
import type { StorageQuota, StorageQuotaEntry } from '../sites/index.js';

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
