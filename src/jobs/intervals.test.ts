import { describe, expect, it } from 'vitest';
import { failedPollDelay, DEFAULT_INTERVALS, nextPollDelay } from './intervals.js';
import type { WatchedJob } from './watch-store.js';

const now = Date.parse('2026-06-01T12:00:00Z');
const job = (fields: Partial<WatchedJob>): WatchedJob => ({
  cluster: 'c',
  jobId: '1',
  addedAt: now - 3_600_000,
  channels: [],
  name: undefined,
  user: undefined,
  workDir: undefined,
  stdoutPath: undefined,
  detailFetched: true,
  lastState: 'RUNNING',
  runs: 1,
  startedAt: undefined,
  submitTime: undefined,
  timeLimitSeconds: undefined,
  ended: false,
  outcome: undefined,
  report: undefined,
  endedAt: undefined,
  ...fields,
});
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

describe('nextPollDelay', () => {
  it('polls quickly right after a job is added', () => {
    expect(nextPollDelay([job({ addedAt: now - 10_000 })], now)).toBe(DEFAULT_INTERVALS.quickMs);
  });

  it('polls quickly when a time limit is about to end', () => {
    const started = now - 3_590_000;
    const nearLimit = job({ startedAt: iso(started), timeLimitSeconds: 3600 });
    expect(nextPollDelay([nearLimit], now)).toBe(DEFAULT_INTERVALS.quickMs);
  });

  it('uses the base interval for a pending job and a recently started one', () => {
    expect(nextPollDelay([job({ lastState: 'PENDING' })], now)).toBe(DEFAULT_INTERVALS.baseMs);
    expect(nextPollDelay([job({ startedAt: iso(now - 600_000) })], now)).toBe(
      DEFAULT_INTERVALS.baseMs,
    );
  });

  it('slows down when every job is a long runner', () => {
    const long = job({ startedAt: iso(now - 5 * 3_600_000), timeLimitSeconds: 86_400 });
    expect(nextPollDelay([long, { ...long, jobId: '2' }], now)).toBe(DEFAULT_INTERVALS.slowMs);
  });
});

describe('failedPollDelay', () => {
  it('doubles from the quick interval and stops at a cap', () => {
    expect([1, 2, 3, 10].map((n) => failedPollDelay(n))).toEqual([5_000, 10_000, 20_000, 240_000]);
  });
});
