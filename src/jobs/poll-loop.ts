import { isSlurmdeckError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import {
  failedPollDelay,
  DEFAULT_INTERVALS,
  nextPollDelay,
  type IntervalPolicy,
} from './intervals.js';
import type { WatchStore } from './watch-store.js';
import type { PollResult, JobPoller } from './job-poller.js';
import type { Wakeup } from './wakeup.js';

export interface PollLoopOptions {
  cluster: string;
  poller: JobPoller;
  store: WatchStore;
  wakeup: Wakeup;
  log: Logger;
  signal?: AbortSignal;
  /** A fixed interval instead of the adaptive one. */
  intervalMs?: number;
  policy?: IntervalPolicy;
  once?: boolean;
  /** Stop when these jobs have all ended (undefined: run until aborted). */
  until?: () => boolean;
  onPoll?: (result: PollResult) => void | Promise<void>;
  /** While true, poll every second: an epilog push said a job ended and Slurm has yet to show it. */
  urgent?: () => boolean;
  now?: () => number;
}

/** How often a sleeping poller looks (in the local store, no Slurm call) for a job just added. */
const NEW_JOB_LOOK_MS = 1000;

/**
 * Polls until told to stop. A failed poll (controller restarting, SSH dropped) is never read
 * as an end: it is said, backed off from, and tried again.
 */
export async function runPollLoop(options: PollLoopOptions): Promise<void> {
  const { log, signal } = options;
  const now = options.now ?? Date.now;
  let failures = 0;
  // A job added to the watch (by this process or another) gets its first look at once: its
  // working directory, which the tracker's ingest needs, comes from that look.
  const sleep = async (ms: number, since: number) => {
    const until = now() + ms;
    while (!signal?.aborted) {
      const left = until - now();
      if (left <= 0) return;
      if (await options.wakeup.sleep(Math.min(left, NEW_JOB_LOOK_MS), signal)) return;
      if (options.store.newestAddedAt(options.cluster) > since) return;
    }
  };
  while (!signal?.aborted) {
    const polledAt = now();
    try {
      const result = await options.poller.poll();
      if (failures > 0) log.warn(`polling ${options.cluster} works again`);
      failures = 0;
      await options.onPoll?.(result);
    } catch (error) {
      failures++;
      const why = isSlurmdeckError(error) ? `${error.code}: ${error.message}` : String(error);
      const delay = failedPollDelay(failures, options.policy ?? DEFAULT_INTERVALS);
      log.warn(
        `poll of ${options.cluster} failed (${why}); no job is taken as ended; retrying in ${Math.round(delay / 1000)}s`,
      );
      if (options.once) throw error;
      await options.wakeup.sleep(delay, signal);
      continue;
    }
    if (options.once || options.until?.()) return;
    const delay = options.urgent?.()
      ? 1000
      : (options.intervalMs ??
        nextPollDelay(options.store.active(options.cluster), now(), options.policy));
    await sleep(delay, polledAt);
  }
}
