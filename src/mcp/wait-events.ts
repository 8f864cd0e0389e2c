import type { McpDeps } from './deps.js';
import type { JobEvent } from '../jobs/index.js';

export interface WaitOptions {
  /** Whose acknowledgements count: events this consumer acked are not returned. */
  consumer: string;
  timeoutMs: number;
  limit: number;
  signal?: AbortSignal;
  /** Called about every `tickMs` while waiting, with the time waited so far. */
  onTick?: (waitedMs: number) => void | Promise<void>;
  tickMs?: number;
}

export interface WaitOutcome {
  events: JobEvent[];
  timedOut: boolean;
  /** Nothing is watched, so nothing would come: the call returned at once. */
  idle: boolean;
  waitedMs: number;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Watched jobs that have not ended yet, over every configured cluster. */
export function activeWatches(deps: McpDeps): Array<{ cluster: string; active: number }> {
  return Object.keys(deps.config().clusters).map((cluster) => ({
    cluster,
    active: deps.watchStore.active(cluster).length,
  }));
}

/**
 * A bounded long-poll on the durable event store: returns as soon as an event the consumer has
 * not acknowledged is there (looking every `deps.eventPollMs`, one indexed SELECT), when nothing
 * is watched, or at the deadline. Whoever polls Slurm, the events land in the store.
 */
export async function waitForEvents(deps: McpDeps, options: WaitOptions): Promise<WaitOutcome> {
  const started = deps.now();
  const deadline = started + options.timeoutMs;
  const tickMs = options.tickMs ?? 5000;
  let lastTick = started;
  for (;;) {
    const events = deps.watchStore.events({ consumer: options.consumer, limit: options.limit });
    const waited = deps.now() - started;
    if (events.length > 0) return { events, timedOut: false, idle: false, waitedMs: waited };
    if (activeWatches(deps).every((w) => w.active === 0)) {
      return { events, timedOut: false, idle: true, waitedMs: waited };
    }
    if (deps.now() >= deadline || options.signal?.aborted) {
      return { events, timedOut: true, idle: false, waitedMs: waited };
    }
    if (deps.now() - lastTick >= tickMs) {
      lastTick = deps.now();
      await options.onTick?.(waited);
    }
    await sleep(Math.min(deps.eventPollMs, Math.max(0, deadline - deps.now())), options.signal);
  }
}
