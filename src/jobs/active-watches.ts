import type { WatchStore } from './watch-store.js';

/** Watched jobs that have not ended yet, per cluster. */
export function activeWatches(
  store: WatchStore,
  clusters: readonly string[],
): Array<{ cluster: string; active: number }> {
  return clusters.map((cluster) => ({ cluster, active: store.active(cluster).length }));
}
