import { formatBytes, formatDuration } from '../core/format.js';

export { formatBytes, formatDuration };

/** `used/total` with the free count first, the way people scan for room. */
export function formatFree(counts: { idle: number; total: number }): string {
  return counts.total === 0 ? '-' : `${counts.idle}/${counts.total}`;
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}
