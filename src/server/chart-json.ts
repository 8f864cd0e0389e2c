import type { Series } from '../tracker/index.js';

export interface ChartLine {
  uid: string;
  series: Series;
  total: number;
  inRange: number;
  downsampled: boolean;
}

const base64 = (view: Float64Array | Float32Array | Uint32Array) =>
  Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');

/** Steps are whole numbers >= 0: 4 bytes each while they fit, else 8. */
function packedSteps(steps: Float64Array) {
  const last = steps.length ? (steps[steps.length - 1] as number) : 0;
  // Sorted by step: the last is the largest.
  return last < 2 ** 32 ? { steps32: base64(Uint32Array.from(steps)) } : { steps64: base64(steps) };
}

const jsonNumber = (v: number) =>
  Number.isFinite(v) ? v : Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity';

/**
 * One chart's lines (several runs). `packed`: steps as base64 of little-endian uint32 (float64
 * past 2^32) and values of float32 (about 7 significant digits: more than a chart's pixels show; NaN and the
 * infinities kept as they are), which both sides turn into numbers many times faster than JSON
 * numbers: 100 runs x 4,000 points is 800k of them. Wall times only when asked.
 */
export function chartLines(
  lines: readonly ChartLine[],
  options: { packed: boolean; times: boolean },
) {
  return lines.map(({ uid, series, total, inRange, downsampled }) => ({
    uid,
    total,
    inRange,
    downsampled,
    ...(options.packed
      ? { ...packedSteps(series.steps), values32: base64(Float32Array.from(series.values)) }
      : { steps: Array.from(series.steps), values: Array.from(series.values, jsonNumber) }),
    ...(options.times ? { times: Array.from(series.times, (ms) => ms / 1000) } : {}),
  }));
}
