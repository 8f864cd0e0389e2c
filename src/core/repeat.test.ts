import { describe, expect, it } from 'vitest';
import { repeatUntilAborted, sleepUnlessAborted } from './repeat.js';

describe('repeatUntilAborted', () => {
  it('goes on after a failed step, and stops once aborted', async () => {
    const stop = new AbortController();
    const errors: string[] = [];
    let steps = 0;
    await repeatUntilAborted(
      stop.signal,
      10,
      async () => {
        steps++;
        if (steps === 1) throw new Error('ssh dropped');
        stop.abort();
      },
      (error) => errors.push(String(error)),
    );
    expect(steps).toBe(2);
    expect(errors).toEqual(['Error: ssh dropped']);
  });

  it('cuts a sleep short when aborted', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 20);
    const started = Date.now();
    await sleepUnlessAborted(60_000, stop.signal);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
