import type { DeliveryResult } from './deliver.js';
import type { Notifier } from './notifier.js';

export interface DeliveryLoopOptions {
  /** Stops the loop (between rounds, or in its sleep). */
  signal?: AbortSignal;
  /** Longest sleep with nothing due: new rows from other processes are picked up by then. */
  idleMs?: number;
  maxBatch?: number;
  onResults?: (results: DeliveryResult[]) => void;
  /** A round that throws (the database busy past its timeout) is reported here and retried. */
  onError?: (error: unknown) => void;
  /** Stop after a round once this holds (say, nothing of ours is left to send). */
  until?: () => boolean;
  /** Stop when nothing comes due before this time (ms since the epoch). */
  deadline?: number;
}

/** Why a loop ended. */
export type LoopEnd = 'until' | 'deadline' | 'stopped';

export interface DeliveryLoop {
  /** Something was just enqueued: send now rather than when the next row comes due. */
  kick(): void;
  /** Ends the loop after the round in progress (and one more round if kicked since). */
  stop(): Promise<LoopEnd>;
  done: Promise<LoopEnd>;
}

/**
 * The one delivery loop: sends what is due, then sleeps until the next row comes due (or
 * `idleMs`, or a kick). Safe to run in several processes at once: rows are leased, not shared.
 */
export function startDeliveryLoop(
  notifier: Notifier,
  options: DeliveryLoopOptions = {},
): DeliveryLoop {
  const { idleMs = 30_000, maxBatch = 20, signal } = options;
  let stopping = false;
  let kicked = false;
  let wake: (() => void) | undefined;
  const halted = () => stopping || signal?.aborted === true;
  const interrupt = () => wake?.();
  signal?.addEventListener('abort', interrupt, { once: true });

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function round(): Promise<number> {
    kicked = false;
    try {
      const results = await notifier.deliverDue({ maxBatch });
      if (results.length > 0) options.onResults?.(results);
      return results.length;
    } catch (error) {
      if (!options.onError) throw error;
      options.onError(error);
      return 0;
    }
  }

  async function loop(): Promise<LoopEnd> {
    for (;;) {
      if (halted() && !kicked) return 'stopped';
      const sent = await round();
      if (options.until?.()) return 'until';
      if (kicked || sent === maxBatch) continue; // more may be waiting
      if (halted()) return 'stopped';
      const next = notifier.nextDueAt();
      if (options.deadline !== undefined && (next ?? Infinity) > options.deadline) {
        return 'deadline';
      }
      const due = next === undefined ? idleMs : next - Date.now();
      await sleep(Math.min(idleMs, Math.max(10, due)));
    }
  }

  const done = loop().finally(() => signal?.removeEventListener('abort', interrupt));
  return {
    kick() {
      kicked = true;
      wake?.();
    },
    stop() {
      stopping = true;
      wake?.();
      return done;
    },
    done,
  };
}

/** Runs the delivery loop until `until`, the deadline, or `signal`; says which. */
export function runDeliveryLoop(
  notifier: Notifier,
  options: DeliveryLoopOptions = {},
): Promise<LoopEnd> {
  return startDeliveryLoop(notifier, options).done;
}
