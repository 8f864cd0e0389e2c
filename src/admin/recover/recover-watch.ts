import { setTimeout as delay } from 'node:timers/promises';
import type { ChangeReport } from '../change/run-change.js';
import type { NodeRow } from '../node-row.js';
import type { RecoverBackoff } from './recover-backoff.js';

export interface RecoverWatchOptions {
  intervalMs: number;
  backoff: RecoverBackoff;
  signal: AbortSignal;
  /** One round of recover over the nodes `due` lets through (fresh targets each round). */
  round(due: (node: string) => boolean): Promise<ChangeReport>;
  onReport?(report: ChangeReport): void;
  /** Told once per node the watch stops working on (e.g. a notification). */
  onGiveUp(node: string, tries: number, row: NodeRow<unknown>): Promise<void>;
  /** Rounds to run, for tests; default until the signal aborts. */
  rounds?: number;
}

/**
 * `admin recover --watch`: a round every interval; a node that needed work waits longer each
 * time (backoff), and one that keeps needing it is given up and reported instead of flapping.
 * A round that fails as a whole (controller unreachable) is skipped, not fatal.
 */
export async function watchRecover(options: RecoverWatchOptions): Promise<void> {
  const { backoff, signal } = options;
  for (let round = 0; options.rounds === undefined || round < options.rounds; round++) {
    if (signal.aborted) return;
    try {
      const report = await options.round((node) => backoff.due(node));
      options.onReport?.(report);
      for (const row of report.rows) {
        if (backoff.record(row.node, row.outcome) === 'gave-up') {
          await options.onGiveUp(row.node, backoff.tries(row.node), row);
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      options.onReport?.({
        rows: [],
        declined: false,
        dryRun: false,
        notes: [`round failed: ${error instanceof Error ? error.message : String(error)}`],
      });
    }
    try {
      await delay(options.intervalMs, undefined, { signal });
    } catch {
      return;
    }
  }
}
