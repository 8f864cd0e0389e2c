import type { EventLog } from '../events/index.js';

/**
 * One reader of the event log for every open stream: it looks for new events every `pollMs`
 * while anyone listens, tells each listener when there are some (the stream then reads from
 * its own cursor), and says which clusters they were about, so their views are read again at
 * once instead of at the end of their max age. 50 dashboards cost one query per interval.
 */
export function createEventTail(
  events: EventLog,
  options: { pollMs: number; onClusters?: (clusters: Set<string>) => void },
) {
  const listeners = new Set<() => void>();
  let seen = events.lastId();
  let timer: NodeJS.Timeout | undefined;

  function look(): void {
    const fresh = events.read({ after: seen, limit: 1000 });
    if (fresh.length === 0) return;
    seen = fresh.at(-1)?.id ?? seen;
    const clusters = new Set(fresh.flatMap((event) => (event.cluster ? [event.cluster] : [])));
    if (clusters.size > 0) options.onClusters?.(clusters);
    for (const listener of listeners) listener();
  }

  return {
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      timer ??= setInterval(look, options.pollMs);
      timer.unref();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    stop(): void {
      listeners.clear();
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

export type EventTail = ReturnType<typeof createEventTail>;
