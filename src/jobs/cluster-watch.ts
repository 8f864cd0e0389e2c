import type { Logger } from '../core/logger.js';
import type { SlurmClient } from '../slurm/index.js';
import type { Transport } from '../transport/index.js';
import { acquirePollerLock, ownerAlive } from './poller-lock.js';
import type { JobReport } from './types.js';
import { runWatchLoop, type WatchLoopOptions } from './watch-loop.js';
import type { WatchStore } from './watch-store.js';
import { createWatcher, type PollResult } from './watcher.js';

/** Where finished jobs' reports go: the notification outbox, seen through what the poller needs. */
export interface NotificationSink {
  known(names: readonly string[]): string[];
  enqueue(report: JobReport, channels: readonly string[]): unknown;
  deliverDue(): Promise<Array<{ state: string; channel: string; error?: string | undefined }>>;
}

export interface ClusterPollOptions extends Pick<
  WatchLoopOptions,
  'signal' | 'intervalMs' | 'once' | 'until' | 'urgent' | 'wakeup'
> {
  cluster: string;
  slurm: SlurmClient;
  transport: Transport;
  store: WatchStore;
  stateDir: string;
  log: Logger;
  notifier?: NotificationSink | undefined;
  /** This process wants every job of the user watched (others ask through the store). */
  mine?: boolean;
  onPoll?: (result: PollResult) => void | Promise<void>;
}

/**
 * Becomes the one poller of a cluster on this machine, if nobody is, and polls until told to
 * stop: reports go to the store (and the outbox in the same transaction), notifications out
 * after each poll. Returns false at once when another process already polls the cluster.
 */
export async function pollCluster(options: ClusterPollOptions): Promise<boolean> {
  const { cluster, store, log, notifier } = options;
  const lock = acquirePollerLock(options.stateDir, cluster);
  if (!lock) return false;
  try {
    const watcher = createWatcher({
      cluster,
      slurm: options.slurm,
      transport: options.transport,
      store,
      log,
      mine: () => options.mine === true || store.mineWanted(cluster, ownerAlive),
      onFinished: (report, channels) => {
        // A channel removed from the config since the watch began is skipped, not fatal.
        const known = notifier?.known(channels) ?? [];
        const dropped = channels.filter((c) => !known.includes(c));
        if (dropped.length > 0)
          log.warn(`job ${report.jobId}: no channel named ${dropped.join(', ')} any more`);
        if (known.length > 0) notifier?.enqueue(report, known);
      },
    });
    await runWatchLoop({
      ...options,
      watcher,
      onPoll: async (result) => {
        lock.heartbeat();
        for (const sent of (await notifier?.deliverDue()) ?? []) {
          if (sent.state !== 'sent')
            log.warn(`notification to ${sent.channel}: ${sent.error ?? sent.state}`);
        }
        await options.onPoll?.(result);
      },
    });
  } finally {
    lock.release();
  }
  return true;
}
