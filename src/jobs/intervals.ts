import type { WatchedJob } from './watch-store.js';

export interface IntervalPolicy {
  /** The usual time between polls. */
  baseMs: number;
  /** Right after a submit, and when a time limit is about to end. */
  quickMs: number;
  /** When every job has been running a long time. */
  slowMs: number;
}

export const DEFAULT_INTERVALS: IntervalPolicy = {
  baseMs: 30_000,
  quickMs: 5_000,
  slowMs: 120_000,
};

const RECENT_MS = 2 * 60_000;
const LONG_RUNNING_MS = 60 * 60_000;

/**
 * How long until the next poll: quick while a job is new (most failures come in the first
 * minutes) or near its time limit, slow when all jobs are long runners, the base otherwise.
 */
export function nextPollDelay(
  jobs: readonly WatchedJob[],
  now: number,
  policy = DEFAULT_INTERVALS,
): number {
  if (jobs.length === 0) return policy.baseMs;
  let delay = policy.slowMs;
  for (const job of jobs) {
    if (now - job.addedAt < RECENT_MS) return policy.quickMs;
    const started = job.startedAt ? Date.parse(job.startedAt) : NaN;
    if (Number.isNaN(started)) {
      delay = Math.min(delay, policy.baseMs);
      continue;
    }
    if (job.timeLimitSeconds !== undefined) {
      const endsIn = started + job.timeLimitSeconds * 1000 - now;
      if (endsIn > -RECENT_MS && endsIn < RECENT_MS) return policy.quickMs;
    }
    if (now - started < LONG_RUNNING_MS) delay = Math.min(delay, policy.baseMs);
  }
  return delay;
}

/** After failed polls: double each time, capped, so a restarting controller is not hammered. */
export function failedPollDelay(failures: number, policy = DEFAULT_INTERVALS): number {
  return Math.min(policy.slowMs * 2, policy.quickMs * 2 ** Math.max(0, failures - 1));
}
