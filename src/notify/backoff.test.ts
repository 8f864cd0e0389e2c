import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter } from './backoff.js';

const policy = { baseMs: 1000, capMs: 10_000 };

describe('backoffDelay', () => {
  it('doubles the ceiling each attempt up to the cap (full jitter scales it)', () => {
    const almostOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, almostOne, policy))).toEqual([
      999, 1999, 3999, 7999, 9999, 9999,
    ]);
  });

  it('draws uniformly below the ceiling', () => {
    expect(backoffDelay(3, () => 0, policy)).toBe(0);
    expect(backoffDelay(3, () => 0.5, policy)).toBe(2000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a date in the past as now, and ignores junk or absence', () => {
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('caps absurd waits', () => {
    expect(parseRetryAfter('99999999', now)).toBe(MAX_RETRY_AFTER_MS);
  });
});
