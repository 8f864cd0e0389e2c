import { downsampleM4 } from './downsample.js';
import type { TrackerStore } from './store.js';
import type { Series } from './types.js';

/** The part of a series between two steps, with one point beyond each edge so the line reaches it. */
export function stepWindow(
  series: Series,
  from: number | undefined,
  to: number | undefined,
): Series {
  const n = series.steps.length;
  if (n === 0 || (from === undefined && to === undefined)) return series;
  let start = from === undefined ? 0 : firstAtLeast(series.steps, from);
  let end = to === undefined ? n : firstAtLeast(series.steps, to, true);
  if (start > 0) start--;
  if (end < n) end++;
  if (start === 0 && end === n) return series;
  return {
    key: series.key,
    steps: series.steps.subarray(start, end),
    values: series.values.subarray(start, end),
    times: series.times.subarray(start, end),
  };
}

/** Binary search over steps (sorted): the first index at or above `step` (above, when `after`). */
function firstAtLeast(steps: Float64Array, step: number, after = false): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = steps[mid] as number;
    if (s < step || (after && s === step)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What a chart of `width` pixels shows of a series between two steps: at most 4 points a pixel
 * column (M4), so a zoomed chart gets finer detail of its range, never the whole series again.
 */
export function chartWindow(
  series: Series,
  options: { width?: number | undefined; from?: number | undefined; to?: number | undefined },
): { series: Series; inRange: number; downsampled: boolean } {
  const window = stepWindow(series, options.from, options.to);
  const shown = options.width === undefined ? window : downsampleM4(window, options.width);
  return { series: shown, inRange: window.steps.length, downsampled: shown !== window };
}

/**
 * A run's series as a chart of `width` pixels shows it: the whole range comes from the chunks'
 * summaries (no point decoded that no pixel needs); a zoomed range, or no width, from the points.
 */
export async function readChartSeries(
  store: Pick<TrackerStore, 'readSeries' | 'readDownsampled'>,
  uid: string,
  key: string,
  options: { width?: number | undefined; from?: number | undefined; to?: number | undefined },
): Promise<{ series: Series; total: number; inRange: number; downsampled: boolean }> {
  const { width, from, to } = options;
  if (width !== undefined && from === undefined && to === undefined) {
    const { series, total } = await store.readDownsampled(uid, key, width);
    return { series, total, inRange: total, downsampled: series.steps.length < total };
  }
  const full = await store.readSeries(uid, key);
  return { ...chartWindow(full, options), total: full.steps.length };
}
