import { describe, expect, it } from 'vitest';
import { createLogger } from '../core/logger.js';
import type { ClusterViews } from './cluster-views.js';
import { createLiveViews } from './live-views.js';
import type { ViewChanged } from './schemas.js';

/** Views whose job list the test changes; counts how often each is read. */
function views() {
  const state = { jobs: ['1'], reads: 0 };
  const fake = {
    status: async () => ({
      value: { slurmVersion: '22.05', view: { partitions: [], nodes: [] } },
      at: 0,
    }),
    jobs: async () => {
      state.reads++;
      return { value: [...state.jobs], at: Date.now() };
    },
  } as unknown as ClusterViews;
  return { fake, state };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live views', () => {
  it('tells every listener once when a view changes, and not when it stays the same', async () => {
    const { fake, state } = views();
    const live = createLiveViews(fake, createLogger('silent'), 20);
    const a: ViewChanged[] = [];
    const b: ViewChanged[] = [];
    const stopA = live.subscribe('dev', (c) => a.push(c));
    const stopB = live.subscribe('dev', (c) => b.push(c));
    await sleep(70);
    expect(a).toEqual([]);
    state.jobs = ['1', '2'];
    await sleep(70);
    expect(a.map((c) => c.view)).toEqual(['jobs']);
    expect(b.map((c) => c.view)).toEqual(['jobs']);
    stopA();
    stopB();
    live.stop();
  });

  it('reads once per tick however many listen, and stops when the last one leaves', async () => {
    const { fake, state } = views();
    const live = createLiveViews(fake, createLogger('silent'), 20);
    const stops = Array.from({ length: 50 }, () => live.subscribe('dev', () => undefined));
    await sleep(110);
    const ticks = state.reads;
    expect(ticks).toBeGreaterThan(2);
    expect(ticks).toBeLessThan(10);
    for (const stop of stops) stop();
    expect(live.active()).toBe(0);
    await sleep(60);
    expect(state.reads).toBe(ticks);
  });
});
