import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventLog } from '../events/index.js';
import '../jobs/index.js'; // the job event kinds
import { openDatabase } from '../store/index.js';
import { createEventTail } from './event-tail.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the event tail of serve', () => {
  it('reads the log once per interval for all 50 streams, wakes each, and names the cluster', async () => {
    vi.useFakeTimers();
    const log = createEventLog(openDatabase({ file: ':memory:' }));
    let reads = 0;
    const counted = {
      ...log,
      read: (...args: Parameters<typeof log.read>) => (reads++, log.read(...args)),
    };
    const invalidated: string[] = [];
    const tail = createEventTail(counted, {
      pollMs: 20,
      onClusters: (clusters) => invalidated.push(...clusters),
    });
    const woken = Array.from({ length: 50 }, () => 0);
    const unsubscribe = woken.map((_, i) => tail.subscribe(() => woken[i]!++));
    vi.advanceTimersByTime(100);
    expect(reads).toBe(5);
    expect(woken.every((n) => n === 0)).toBe(true);
    log.append({
      kind: 'job.started',
      cluster: 'dev',
      subject: 'job/dev/12',
      once: '1',
      payload: { jobId: '12', run: 1, node: 'n1', startTime: undefined },
    });
    vi.advanceTimersByTime(20);
    expect(reads).toBe(6);
    expect(woken.every((n) => n === 1)).toBe(true);
    expect(invalidated).toEqual(['dev']);
    for (const off of unsubscribe) off();
    vi.advanceTimersByTime(100);
    expect(reads).toBe(6);
    tail.stop();
  });
});
