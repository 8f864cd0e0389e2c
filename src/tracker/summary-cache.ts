import { summarize, type MetricSummary } from './metric-summary.js';
import type { TrackerStore } from './store.js';
import type { Run } from './types.js';

// Past this many entries the cache starts over: a bound on memory, not a tuning knob.
const MAX_ENTRIES = 200_000;

interface Entry {
  updatedAt: number;
  summary: MetricSummary | undefined;
}

const caches = new WeakMap<TrackerStore, Map<string, Entry>>();

/**
 * Last/min/max of one metric for many runs, each read once per change of the run: a run's
 * `updatedAt` moves with every batch and every resume, so a cached summary is never stale, and
 * sorting thousands of runs by a metric reads only the runs that changed since the last query.
 */
export async function metricSummaries(
  store: TrackerStore,
  runs: readonly Run[],
  key: string,
): Promise<Map<string, MetricSummary | undefined>> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  const out = new Map<string, MetricSummary | undefined>();
  for (const run of runs) {
    const id = `${run.uid}\0${key}`;
    const hit = cache.get(id);
    if (hit && hit.updatedAt === run.updatedAt) {
      out.set(run.uid, hit.summary);
      continue;
    }
    const series = await store.readSeries(run.uid, key);
    const summary = series.steps.length ? summarize(series) : undefined;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(id, { updatedAt: run.updatedAt, summary });
    out.set(run.uid, summary);
  }
  return out;
}
