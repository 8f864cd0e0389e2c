import { pollCluster, type ClusterPollOptions } from './cluster-poller.js';
import { pollerHolder } from './poller-lock.js';
import { createWakeup } from './wakeup.js';

export interface PollOrFollowOptions extends ClusterPollOptions {
  /** Who asks for `--mine` (refreshed while following, so whoever polls honours it). */
  mineOwner?: string;
  /** Told once, with the poller's pid, when another process polls and this one follows it. */
  onFollow?: (pollerPid: number | undefined) => void;
  /** How often a follower reads the store and tries for the lock. */
  followEveryMs?: number;
  /** After each poll, ours or (following) another process's: new records may be in the store. */
  onRecorded?: () => void | Promise<void>;
}

/**
 * Polls the cluster while this process holds its poller lock; while another process holds it,
 * follows what that one records (asking Slurm nothing) and takes over when it stops. Returns
 * when `until` says so, on `once`, or when `signal` aborts.
 */
export async function pollOrFollow(options: PollOrFollowOptions): Promise<void> {
  const { store, cluster, signal } = options;
  const wakeup = options.wakeup ?? createWakeup();
  let following = false;
  while (!signal?.aborted && !options.until?.()) {
    // Others' --mine requests are honoured by whoever polls; ours is refreshed while we wait.
    if (options.mine && options.mineOwner) store.requestMine(cluster, options.mineOwner);
    const polled = await pollCluster({
      ...options,
      wakeup,
      onPoll: async (result) => {
        await options.onPoll?.(result);
        await options.onRecorded?.();
      },
    });
    if (polled || options.once) return;
    if (!following) {
      options.onFollow?.(pollerHolder(options.stateDir, cluster));
      following = true;
    }
    await options.onRecorded?.();
    await wakeup.sleep(options.followEveryMs ?? 1000, signal);
  }
}
