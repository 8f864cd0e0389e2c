import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryResult } from './deliver.js';
import type { Notifier } from './notifier.js';

export interface LoopOptions {
  signal: AbortSignal;
  /** Longest sleep with nothing due: new rows from other processes are picked up by then. */
  idleMs?: number;
  maxBatch?: number;
  onResults?: (results: DeliveryResult[]) => void;
}

/**
 * Delivers until `signal` aborts: sends what is due, then sleeps until the next row is due
 * (or `idleMs`). Safe to run in several processes at once: rows are leased, not shared.
 */
export async function runDeliveryLoop(notifier: Notifier, options: LoopOptions): Promise<void> {
  const { signal, idleMs = 30_000, maxBatch = 20 } = options;
  while (!signal.aborted) {
    const results = await notifier.deliverDue({ maxBatch });
    if (results.length > 0) options.onResults?.(results);
    if (results.length === maxBatch) continue; // more may be waiting
    const next = notifier.nextDueAt();
    const wait = Math.min(idleMs, Math.max(0, next === undefined ? idleMs : next - Date.now()));
    try {
      await sleep(Math.max(wait, 10), undefined, { signal });
    } catch {
      return; // aborted
    }
  }
}
