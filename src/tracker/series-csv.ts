import type { Series } from './types.js';

export const CSV_HEADER = 'run,key,step,value,wall_time\n';

/**
 * RFC 4180 quoting, only where a field needs it. A key written by job code that starts like a
 * formula (= + - @) gets a leading ' so a spreadsheet shows it instead of running it.
 */
const field = (raw: string) => {
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const number = (v: number) =>
  Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';

/** The CSV rows of one series (no header), 10k lines a piece, wall time in unix seconds. */
export function* seriesCsvRows(uid: string, series: Series): Generator<string> {
  const prefix = `${field(uid)},${field(series.key)},`;
  const lines: string[] = [];
  for (let i = 0; i < series.steps.length; i++) {
    lines.push(
      `${prefix}${series.steps[i]},${number(series.values[i] as number)},${(series.times[i] as number) / 1000}\n`,
    );
    if (lines.length === 10_000) yield lines.splice(0).join('');
  }
  if (lines.length) yield lines.join('');
}

/** One CSV of any number of series (every point, one a line), wall time in unix seconds. */
export function* seriesCsv(parts: Iterable<{ uid: string; series: Series }>): Generator<string> {
  yield CSV_HEADER;
  for (const { uid, series } of parts) yield* seriesCsvRows(uid, series);
}
