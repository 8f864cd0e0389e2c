import type { EventLog, ReadOptions } from './event-log.js';
import type { StoredEvent } from './types.js';

export interface WaitOptions extends Pick<ReadOptions, 'cluster' | 'kindPrefix'> {
  /** Whose acknowledgements count: events this consumer acked are not returned. */
  consumer: string;
  timeoutMs: number;
  limit: number;
  /** How often to look at the log while waiting (one indexed SELECT each time). */
  pollMs: number;
  signal?: AbortSignal;
  /** Nothing could come (say, no job is watched): return at once. */
  idle?: () => boolean;
  /** Called about every `tickMs` while waiting, with the time waited so far. */
  onTick?: (waitedMs: number) => void | Promise<void>;
  tickMs?: number;
  now?: () => number;
}

export interface WaitOutcome {
  events: StoredEvent[];
  timedOut: boolean;
  /** `idle` said nothing would come: the call returned at once. */
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

/**
 * A bounded long-poll on the durable log: returns as soon as there is an event the consumer has
 * not acknowledged, when nothing could come, or at the deadline. Whoever appends (another
 * process included), the event is in the log; any face (MCP, an HTTP stream) waits the same way.
 */
export async function waitForEvents(log: EventLog, options: WaitOptions): Promise<WaitOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + options.timeoutMs;
  const tickMs = options.tickMs ?? 5000;
  let lastTick = started;
  for (;;) {
    const events = log.read({
      consumer: options.consumer,
      limit: options.limit,
      ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
      ...(options.kindPrefix === undefined ? {} : { kindPrefix: options.kindPrefix }),
    });
    const waited = now() - started;
    if (events.length > 0) return { events, timedOut: false, idle: false, waitedMs: waited };
    if (options.idle?.()) return { events, timedOut: false, idle: true, waitedMs: waited };
    if (now() >= deadline || options.signal?.aborted) {
      return { events, timedOut: true, idle: false, waitedMs: waited };
    }
    if (now() - lastTick >= tickMs) {
      lastTick = now();
      await options.onTick?.(waited);
    }
    await sleep(Math.min(options.pollMs, Math.max(0, deadline - now())), options.signal);
  }
}
