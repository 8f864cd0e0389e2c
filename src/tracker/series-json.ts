import type { MetricSummary } from './metric-summary.js';
import type { Series } from './types.js';

/** A value as JSON can carry it (the wire's convention): NaN and infinities as strings. */
export const jsonValue = (v: number): number | string =>
  Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';

/** A series as parallel JSON arrays, wall times in unix seconds. */
export function seriesJson(series: Series) {
  return {
    key: series.key,
    steps: Array.from(series.steps),
    values: Array.from(series.values, jsonValue),
    times: Array.from(series.times, (ms) => ms / 1000),
  };
}

/** A summary with its numbers JSON can carry. */
export function summaryJson(summary: MetricSummary) {
  const opt = (v: number | undefined) => (v === undefined ? null : jsonValue(v));
  return {
    key: summary.key,
    points: summary.points,
    lastStep: summary.lastStep ?? null,
    last: opt(summary.last),
    min: opt(summary.min),
    max: opt(summary.max),
  };
}
