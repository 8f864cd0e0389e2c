import { text } from './records.js';

/**
 * Slurm durations: `[days-]hours:minutes:seconds`, `minutes:seconds`, `days-hours`, or a bare
 * number of minutes (time limits). Returns seconds; null for no limit; undefined when unset.
 */
export function parseDuration(value: string | undefined): number | null | undefined {
  const t = text(value);
  if (t === undefined) return undefined;
  const upper = t.toUpperCase();
  if (upper === 'UNLIMITED' || upper === 'INFINITE') return null;
  const match = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?(\.\d+)?$/.exec(t);
  if (!match) return undefined; // NOT_SET, INVALID, Partition_Limit...
  const [, days, a, b, c, fraction] = match;
  // TotalCPU carries milliseconds (`00:11.974`).
  const d = Number(days ?? 0) * 86_400 + Number(fraction ?? 0);
  if (c !== undefined) return d + Number(a) * 3600 + Number(b) * 60 + Number(c);
  if (b !== undefined) {
    // `1-02:30` is days-hours:minutes; `02:30` is minutes:seconds.
    return days !== undefined
      ? d + Number(a) * 3600 + Number(b) * 60
      : d + Number(a) * 60 + Number(b);
  }
  return days !== undefined ? d + Number(a) * 3600 : Number(a) * 60;
}

const UNITS: Record<string, number> = {
  K: 2 ** 10,
  M: 2 ** 20,
  G: 2 ** 30,
  T: 2 ** 40,
  P: 2 ** 50,
};

/** `4000M`, `1.50G`, `512K`, `1024` (in `bareUnit`) to bytes; undefined when not a size. */
export function parseSize(value: string | undefined, bareUnit: keyof typeof UNITS | 'B' = 'B') {
  const t = text(value);
  if (t === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)([KMGTP])?[Bnc]?$/i.exec(t);
  if (!match) return undefined;
  const unit = match[2]?.toUpperCase() ?? bareUnit;
  return Math.round(Number(match[1]) * (UNITS[unit] ?? 1));
}

/** Slurm's local time stamp (`2024-05-01T12:00:00`), or undefined for N/A, Unknown, None. */
export function parseTimestamp(value: string | undefined): string | undefined {
  const t = text(value);
  if (t === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(t)) return undefined;
  return t;
}
