import { describe, expect, it } from 'vitest';
import { fanOut } from './fan-out.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('fanOut', () => {
  it('never runs more than the limit at once and keeps the order of the items', async () => {
    let running = 0;
    let most = 0;
    const results = await fanOut(
      Array.from({ length: 50 }, (_, i) => i),
      async (n) => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
        return n * 2;
      },
      { concurrency: 4 },
    );
    expect(most).toBe(4);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : -1))).toEqual(
      Array.from({ length: 50 }, (_, i) => i * 2),
    );
  });

  it('defaults to 32 at once', async () => {
    let running = 0;
    let most = 0;
    await fanOut(
      Array.from({ length: 100 }, (_, i) => i),
      async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
      },
    );
    expect(most).toBe(32);
  });

  it('reports a failed item and still runs the others', async () => {
    const results = await fanOut(['a', 'b', 'c'], async (name) => {
      if (name === 'b') throw new Error('b is down');
      return name;
    });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: new Error('b is down') });
  });

  it('stops starting new work once aborted', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const results = await fanOut(
      [1, 2, 3, 4],
      async (n) => {
        started.push(n);
        if (n === 1) controller.abort();
        return n;
      },
      { concurrency: 1, signal: controller.signal },
    );
    expect(started).toEqual([1]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3);
  });
});
