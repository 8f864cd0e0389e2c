import { describe, expect, it } from 'vitest';
import { createLogger } from '../core/logger.js';
import { openDatabase } from '../store/index.js';
import type { JobPoller } from './job-poller.js';
import { runPollLoop } from './poll-loop.js';
import { createWakeup } from './wakeup.js';
import { createWatchStore } from './watch-store.js';

describe('runPollLoop', () => {
  it('looks at a job added to the watch at once, not at the next interval', async () => {
    const store = createWatchStore(openDatabase({ file: ':memory:' }));
    const polls: number[] = [];
    const poller = {
      poll: async () => {
        polls.push(Date.now());
        return { active: 0, finished: [] };
      },
    } as unknown as JobPoller;
    const stop = new AbortController();
    const loop = runPollLoop({
      cluster: 'hpc',
      poller,
      store,
      wakeup: createWakeup(),
      log: createLogger('silent'),
      signal: stop.signal,
      intervalMs: 60_000,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(polls).toHaveLength(1);
    // Another process (a CLI submit --watch) adds a job: a look within about a second.
    store.add('hpc', ['42']);
    const added = Date.now();
    while (polls.length < 2 && Date.now() - added < 5000)
      await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    await loop;
    expect(polls).toHaveLength(2);
    expect((polls[1] as number) - added).toBeLessThan(2500);
  });

  it('wakes when pushed, and tells the wake apart from the time passing', async () => {
    const wakeup = createWakeup();
    const slept = wakeup.sleep(60_000);
    wakeup.wake();
    expect(await slept).toBe(true);
    expect(await wakeup.sleep(10)).toBe(false);
  });
});
