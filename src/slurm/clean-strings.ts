import { cleanClusterText } from '../core/clean-text.js';

/**
 * Every string in what Slurm said, cleaned (design decision 6): job and node names, reasons,
 * comments, users, partitions and paths are set by any user of the cluster, so the client hands
 * no face a terminal escape, a control character or a bidi override.
 */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanClusterText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => cleanStrings(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = cleanStrings(item);
    return out as T;
  }
  return value;
}
