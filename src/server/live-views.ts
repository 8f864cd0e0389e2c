import { createHash } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import type { ClusterViews } from './cluster-views.js';
import type { ViewChanged } from './schemas.js';

type Listener = (change: ViewChanged) => void;

const fingerprint = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/**
 * One refresh loop per cluster while anyone watches it, however many event streams do: each
 * tick reads the shared views (the same ones requests read) and tells the listeners which
 * view changed, so 50 open dashboards cost one sinfo and one squeue per interval.
 */
export function createLiveViews(views: ClusterViews, log: Logger, intervalMs = 5000) {
  const clusters = new Map<
    string,
    { listeners: Set<Listener>; timer: NodeJS.Timeout; seen: Record<string, string> }
  >();

  async function tick(cluster: string): Promise<void> {
    const entry = clusters.get(cluster);
    if (!entry) return;
    const reads = {
      status: views.status(cluster).then((f) => ({ at: f.at, print: fingerprint(f.value) })),
      jobs: views.jobs(cluster).then((f) => ({ at: f.at, print: fingerprint(f.value) })),
    };
    for (const [view, read] of Object.entries(reads) as Array<
      ['status' | 'jobs', typeof reads.jobs]
    >) {
      try {
        const { at, print } = await read;
        if (entry.seen[view] === print) continue;
        const first = entry.seen[view] === undefined;
        entry.seen[view] = print;
        if (first) continue;
        const change = { cluster, view, at: new Date(at).toISOString() };
        for (const listener of entry.listeners) listener(change);
      } catch (error) {
        log.warn(`serve: refreshing ${view} of ${cluster} failed: ${String(error)}`);
      }
    }
  }

  return {
    subscribe(cluster: string, listener: Listener): () => void {
      let entry = clusters.get(cluster);
      if (!entry) {
        const timer = setInterval(() => void tick(cluster), intervalMs);
        timer.unref();
        entry = { listeners: new Set(), timer, seen: {} };
        clusters.set(cluster, entry);
        void tick(cluster);
      }
      entry.listeners.add(listener);
      return () => {
        const current = clusters.get(cluster);
        if (!current) return;
        current.listeners.delete(listener);
        if (current.listeners.size === 0) {
          clearInterval(current.timer);
          clusters.delete(cluster);
        }
      };
    },

    /** How many clusters are being refreshed (for tests and the status line). */
    active: () => clusters.size,

    stop(): void {
      for (const entry of clusters.values()) clearInterval(entry.timer);
      clusters.clear();
    },
  };
}

export type LiveViews = ReturnType<typeof createLiveViews>;
