import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { readMetric, summarizeRun } from './metric-summary.js';
import { findRun } from './run-lookup.js';
import { createSqliteTrackerStore } from './sqlite-store.js';

async function storeWithRun() {
  const store = createSqliteTrackerStore(openDatabase({ file: ':memory:' }));
  await store.startRun({ uid: 'abc123', project: 'p', name: 'base' }, 0);
  await store.startRun({ uid: 'abd456', project: 'p', name: 'base' }, 0);
  const points = Array.from({ length: 10_000 }, (_, s) => ({
    k: 'loss',
    s,
    v: s === 5000 ? 100 : s === 7000 ? NaN : 1 / (s + 1),
    t: 1 + s,
  }));
  await store.applyBatches([{ run: 'abc123', seq: 1, points }], 1);
  return store;
}

describe('reading runs for the CLI and agents', () => {
  it('summarizes each metric: points, last, and extremes that skip NaN', async () => {
    const store = await storeWithRun();
    expect(await summarizeRun(store, 'abc123')).toEqual([
      { key: 'loss', points: 10_000, lastStep: 9999, last: 1 / 10_000, min: 1 / 10_000, max: 100 },
    ]);
  });

  it('gives every point, or at most max-points by M4, keeping the spike', async () => {
    const store = await storeWithRun();
    const all = await readMetric(store, 'abc123', 'loss');
    expect([all.total, all.downsampled, all.series.steps.length]).toEqual([10_000, false, 10_000]);
    const few = await readMetric(store, 'abc123', 'loss', 200);
    expect(few.downsampled).toBe(true);
    expect(few.series.steps.length).toBeLessThanOrEqual(200);
    expect([...few.series.values]).toContain(100);
  });

  it('finds a run by uid, a unique prefix or a unique name, and names the candidates otherwise', async () => {
    const store = await storeWithRun();
    expect((await findRun(store, 'abc')).uid).toBe('abc123');
    await expect(findRun(store, 'ab')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      hint: expect.stringContaining('abc123 (base)'),
    });
    await expect(findRun(store, 'base')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(findRun(store, 'zzz')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });
});
