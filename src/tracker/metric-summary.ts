import type { TrackerStore } from './store.js';
import type { Series } from './types.js';

/** One metric of a run in a line: how many points, where it ended, its extremes. */
export interface MetricSummary {
  key: string;
  points: number;
  lastStep: number | undefined;
  last: number | undefined;
  min: number | undefined;
  max: number | undefined;
}

export function summarize(series: Series): MetricSummary {
  const n = series.steps.length;
  let min: number | undefined;
  let max: number | undefined;
  for (const v of series.values) {
    if (Number.isNaN(v)) continue;
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
  }
  return {
    key: series.key,
    points: n,
    lastStep: n ? series.steps[n - 1] : undefined,
    last: n ? series.values[n - 1] : undefined,
    min,
    max,
  };
}

/** Every metric of a run, summarized (keys sorted). */
export async function summarizeRun(store: TrackerStore, uid: string): Promise<MetricSummary[]> {
  const keys = await store.metricKeys(uid);
  return Promise.all(keys.map(async (key) => summarize(await store.readSeries(uid, key))));
}

/**
 * A series for a reader with a budget: every point, or at most `maxPoints` kept by M4 (each of
 * maxPoints/4 step columns keeps its first, last, lowest and highest point).
 */
export async function readMetric(
  store: TrackerStore,
  uid: string,
  key: string,
  maxPoints?: number,
): Promise<{ series: Series; total: number; downsampled: boolean }> {
  if (maxPoints === undefined) {
    const full = await store.readSeries(uid, key);
    return { series: full, total: full.steps.length, downsampled: false };
  }
  const width = Math.max(1, Math.floor(maxPoints / 4));
  const { series, total } = await store.readDownsampled(uid, key, width);
  return { series, total, downsampled: series.steps.length < total };
}
