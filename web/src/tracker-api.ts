import type { z } from 'zod';
import type {
  compareResponse,
  runResponse,
  runsResponse,
  seriesResponse,
} from '../../src/server/tracker-schemas.js';

export type Runs = z.infer<typeof runsResponse>;
export type RunAnswer = z.infer<typeof runResponse>;
export type Run = Runs['runs'][number];
export type Comparison = z.infer<typeof compareResponse>;
export type SeriesAnswer = z.infer<typeof seriesResponse>;
export type Summary = NonNullable<NonNullable<Runs['summaries']>[string][string]>;

export const runPath = (uid: string) => `/runs/${encodeURIComponent(uid)}`;
export const comparePath = (uids: readonly string[]) =>
  `/runs/compare?ids=${uids.map(encodeURIComponent).join(',')}`;
export const csvPath = (uid: string, key?: string) =>
  `/api/tracker/runs/${encodeURIComponent(uid)}/csv${key ? `?key=${encodeURIComponent(key)}` : ''}`;

/** One metric of several runs at a chart's width, within a step range when zoomed. */
export function seriesPath(
  uids: readonly string[],
  key: string,
  width: number,
  range?: { from: number; to: number },
): string {
  // Packed: base64 uint32 steps and float32 values, read many times faster than JSON numbers.
  const query = new URLSearchParams({
    ids: uids.join(','),
    key,
    width: String(width),
    encoding: 'packed',
  });
  if (range) {
    query.set('from', String(range.from));
    query.set('to', String(range.to));
  }
  return `/api/tracker/series?${query.toString()}`;
}

/** A value off the wire: null for NaN, the infinities by name. */
export const wireValue = (v: number | string | null): number | null =>
  typeof v === 'number' ? v : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : null;

/** What the run says of itself, and how its job really ended when the watcher knows. */
export function statusText(run: Run): string {
  return run.jobOutcome && run.jobOutcome !== 'COMPLETED'
    ? `${run.status} · ${run.jobOutcome}`
    : run.status;
}

function unpack<T extends Float64Array | Float32Array | Uint32Array>(
  text: string,
  Type: new (buffer: ArrayBuffer) => T,
): T {
  const bytes = atob(text);
  const raw = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) raw[i] = bytes.charCodeAt(i);
  return new Type(raw.buffer);
}

/** One run's line of a series answer, packed or not: steps, and values with null for NaN. */
export function lineOf(line: SeriesAnswer['series'][number]): {
  steps: number[];
  values: Array<number | null>;
} {
  const steps = line.steps32
    ? Array.from(unpack(line.steps32, Uint32Array))
    : line.steps64
      ? Array.from(unpack(line.steps64, Float64Array))
      : (line.steps ?? []);
  const values = line.values32
    ? Array.from(unpack(line.values32, Float32Array), (v) => (Number.isNaN(v) ? null : v))
    : (line.values ?? []).map(wireValue);
  return { steps, values };
}
