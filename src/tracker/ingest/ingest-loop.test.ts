import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { runIngestLoop } from './ingest-loop.js';

const log = createLogger('silent');

/** Runs the loop over a poll that takes `pollMs` until `polls` polls started; their start times. */
async function pollStarts(pollMs: number, intervalMs: number, polls: number, fail = false) {
  const starts: number[] = [];
  const controller = new AbortController();
  const ingest = {
    poll: async () => {
      starts.push(Date.now());
      if (starts.length >= polls) controller.abort();
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      if (fail) throw new Error('ssh dropped');
      return { batches: 0, points: 0, more: false };
    },
  };
  await runIngestLoop({
    ingest,
    jobs: () => [],
    log,
    cluster: 'dev',
    signal: controller.signal,
    intervalMs: intervalMs,
  });
  return starts.slice(1).map((start, i) => start - (starts[i] as number));
}

describe('runIngestLoop', () => {
  it('starts a poll every interval, however long the round trip of the one before took', async () => {
    const gaps = await pollStarts(300, 500, 4);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(490);
      expect(gap).toBeLessThan(700);
    }
  });

  it('backs off after a failed poll, counted from its end', async () => {
    const gaps = await pollStarts(100, 100, 3, true);
    // 2x then 4x the interval after the first and second failure, plus the failed poll itself.
    expect(gaps[0]).toBeGreaterThanOrEqual(290);
    expect(gaps[1]).toBeGreaterThanOrEqual(490);
  });
});
