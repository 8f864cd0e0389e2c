/** A value and when it was read from the cluster. */
export interface Fresh<T> {
  value: T;
  at: number;
}

interface Entry {
  fresh?: Fresh<unknown>;
  inflight?: Promise<Fresh<unknown>>;
}

/**
 * Shared views with a max age: every viewer of a key within `maxAgeMs` gets the same answer,
 * and while one read is under way every other request waits for it, so N viewers cost one
 * Slurm call. Failures are not kept: the next request tries again.
 */
export function createViewCache(options: { maxAgeMs: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const prune = () => {
    const cutoff = now() - 10 * options.maxAgeMs;
    for (const [key, entry] of entries) {
      if (!entry.inflight && (entry.fresh?.at ?? 0) < cutoff) entries.delete(key);
    }
  };
  return {
    get<T>(key: string, load: () => Promise<T>, maxAgeMs = options.maxAgeMs): Promise<Fresh<T>> {
      const entry = entries.get(key) ?? {};
      if (entry.fresh && now() - entry.fresh.at < maxAgeMs) {
        return Promise.resolve(entry.fresh as Fresh<T>);
      }
      if (entry.inflight) return entry.inflight as Promise<Fresh<T>>;
      if (entries.size > 1000) prune();
      const inflight = load().then(
        (value) => {
          entry.fresh = { value, at: now() };
          entry.inflight = undefined;
          return entry.fresh;
        },
        (error: unknown) => {
          entry.inflight = undefined;
          throw error;
        },
      );
      entry.inflight = inflight;
      entries.set(key, entry);
      return inflight as Promise<Fresh<T>>;
    },

    /** Forget views whose key starts with `prefix` (after a submit or cancel). */
    invalidate(prefix: string): void {
      for (const [key, entry] of entries) if (key.startsWith(prefix)) entry.fresh = undefined;
    },
  };
}

export type ViewCache = ReturnType<typeof createViewCache>;
