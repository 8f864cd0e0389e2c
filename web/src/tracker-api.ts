import type { z } from 'zod';
import type {
  compareResponse,
  runFilesResponse,
  runResponse,
  runsResponse,
  seriesResponse,
} from '../../src/server/tracker-schemas.js';

export type Runs = z.infer<typeof runsResponse>;
export type RunAnswer = z.infer<typeof runResponse>;
export type Run = Runs['runs'][number];
export type Comparison = z.infer<typeof compareResponse>;
export type SeriesAnswer = z.infer<typeof seriesResponse>;
export type RunFiles = z.infer<typeof runFilesResponse>;
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
  // Uint8Array.fromBase64 (newer browsers) decodes natively; atob and a loop elsewhere.
  const native = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
  if (native) return new Type(native(text).buffer as ArrayBuffer);
  const bytes = atob(text);
  const raw = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) raw[i] = bytes.charCodeAt(i);
  return new Type(raw.buffer);
}

/**
 * One run's line of a series answer, packed or not: steps, and values with null for NaN. Packed
 * arrays are handed on as they are (uPlot reads typed arrays), unless a NaN needs a null.
 */
export function lineOf(line: SeriesAnswer['series'][number]): {
  steps: ArrayLike<number>;
  values: ArrayLike<number | null>;
} {
  const steps = line.steps32
    ? unpack(line.steps32, Uint32Array)
    : line.steps64
      ? unpack(line.steps64, Float64Array)
      : (line.steps ?? []);
  if (!line.values32) return { steps, values: (line.values ?? []).map(wireValue) };
  const values = unpack(line.values32, Float32Array);
  return {
    steps,
    values: values.some(Number.isNaN)
      ? Array.from(values, (v) => (Number.isNaN(v) ? null : v))
      : values,
  };
}
