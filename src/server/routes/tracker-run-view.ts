import type { Run, Series } from '../../tracker/index.js';
import { runSchema } from '../tracker-schemas.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export const runView = (run: Run) =>
  runSchema.parse({
    ...run,
    submitTime: iso(run.submitTime),
    createdAt: iso(run.createdAt),
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    updatedAt: iso(run.updatedAt),
  });

const jsonNumber = (v: number) =>
  Number.isFinite(v) ? v : Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity';

/** A series for a chart. Built by hand, not parsed through a schema: it can hold millions of points. */
export function seriesView(
  uid: string,
  series: Series,
  counts: { total: number; inRange: number; downsampled: boolean },
) {
  return {
    uid,
    key: series.key,
    ...counts,
    steps: Array.from(series.steps),
    values: Array.from(series.values, jsonNumber),
    times: Array.from(series.times, (ms) => ms / 1000),
  };
}
