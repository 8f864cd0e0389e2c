import type { Logger } from '../core/logger.js';
import type { Notifier } from '../notify/index.js';
import type { SlurmClient } from '../slurm/index.js';
import type { Transport } from '../transport/index.js';
import { enqueueJobEnd, startJobDelivery } from './job-notifications.js';
import { acquirePollerLock, ownerAlive } from './poller-lock.js';
import { runPollLoop, type PollLoopOptions } from './poll-loop.js';
import type { WatchStore } from './watch-store.js';
import { createJobPoller, type PollResult } from './job-poller.js';

export interface ClusterPollOptions extends Pick<
  PollLoopOptions,
  'signal' | 'intervalMs' | 'once' | 'until' | 'urgent' | 'wakeup'
> {
  cluster: string;
  slurm: SlurmClient;
  transport: Transport;
  store: WatchStore;
  stateDir: string;
  log: Logger;
  /** Where finished jobs' reports go: the notification outbox. */
  notifier?: Notifier | undefined;
  /** This process wants every job of the user watched (others ask through the store). */
  mine?: boolean;
  onPoll?: (result: PollResult) => void | Promise<void>;
  /** Work that runs only while this process polls the cluster (the tracker's ingest), stopped with it. */
  beside?: ((signal: AbortSignal) => Promise<void>) | undefined;
}

/**
 * Becomes the one poller of a cluster on this machine, if nobody is, and polls until told to
 * stop: reports go to the store (and the outbox in the same transaction), notifications out
 * after each poll and whenever a retry comes due. Returns false at once when another process already polls the cluster.
 */
export async function pollCluster(options: ClusterPollOptions): Promise<boolean> {
  const { cluster, store, log, notifier } = options;
  const lock = acquirePollerLock(options.stateDir, cluster);
  if (!lock) return false;
  const delivery = notifier && startJobDelivery(notifier, log);
  const besideStop = new AbortController();
  const beside = options
    .beside?.(besideStop.signal)
    .catch((error: unknown) =>
      log.error(`work beside the poller of ${cluster} stopped: ${String(error)}`),
    );
  try {
    const poller = createJobPoller({
      cluster,
      slurm: options.slurm,
      transport: options.transport,
      store,
      log,
      mine: () => options.mine === true || store.mineWanted(cluster, ownerAlive),
      onFinished: (report, channels) => {
        if (notifier) enqueueJobEnd(notifier, report, channels, log);
      },
    });
    await runPollLoop({
      ...options,
      poller,
      onPoll: async (result) => {
        lock.heartbeat();
        delivery?.kick();
        await options.onPoll?.(result);
      },
    });
  } finally {
    besideStop.abort();
    await beside;
    await delivery?.stop();
    lock.release();
  }
  return true;
}
