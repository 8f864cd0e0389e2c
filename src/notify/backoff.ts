export interface BackoffPolicy {
  /** The ceiling of the first retry's wait. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 10_000, capMs: 30 * 60_000 };
/** A server asking for longer than this is asked again after this. */
export const MAX_RETRY_AFTER_MS = 6 * 60 * 60_000;

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(cap, base * 2^(attempt-1))),
 * so many deliverers failing at once spread out instead of retrying in step. `attempt` counts
 * the attempts already made (1 after the first failure).
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` in milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent
 * or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}
