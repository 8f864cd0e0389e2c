import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { queryRuns } from './run-query.js';
import { parseCondition, parseField, parseSort } from './run-query-parse.js';
import { createSqliteTrackerStore } from './sqlite-store.js';
import type { RunInit } from './types.js';

const T0 = 1_780_000_000;

async function storeWith(runs: Array<RunInit & { loss?: number[] }>) {
  const store = createSqliteTrackerStore(openDatabase({ file: ':memory:' }));
  let now = 1000;
  for (const { loss, ...init } of runs) {
    await store.startRun(init, now++);
    if (loss) {
      const points = loss.map((v, s) => ({ k: 'loss', s, v, t: T0 + s }));
      await store.applyBatches([{ run: init.uid, seq: 1, points }], now++);
    }
  }
  return store;
}

const uids = (result: { runs: Array<{ uid: string }> }) => result.runs.map((r) => r.uid);

describe('queryRuns', () => {
  const runs = [
    {
      uid: 'a',
      project: 'gpt',
      config: { optimizer: { lr: 0.1, name: 'adam' } },
      tags: ['base'],
      loss: [3, 1, 2],
    },
    {
      uid: 'b',
      project: 'gpt',
      config: { optimizer: { lr: 0.01, name: 'sgd' } },
      loss: [5, 0.5, 4],
    },
    { uid: 'c', project: 'bert', config: { optimizer: { lr: 0.001 } }, tags: ['base', 'x'] },
    {
      uid: 'd',
      project: 'gpt',
      config: { seed: 1 },
      jobId: '77_1',
      arrayTask: 1,
      cluster: 'dev',
      loss: [9],
    },
    { uid: 'e', project: 'bert', config: {}, jobId: '77_2', arrayTask: 2, cluster: 'dev' },
  ];

  it('filters by a nested param with numbers compared as numbers, and by contains', async () => {
    const store = await storeWith(runs);
    const big = await queryRuns(store, { where: [parseCondition('params.optimizer.lr >= 0.01')] });
    expect(uids(big).sort()).toEqual(['a', 'b']);
    expect(big.total).toBe(2);
    const adam = await queryRuns(store, { where: [parseCondition('config.optimizer.name~AD')] });
    expect(uids(adam)).toEqual(['a']);
    const notSgd = await queryRuns(store, {
      where: [parseCondition('params.optimizer.name!=sgd')],
    });
    expect(uids(notSgd).sort()).toEqual(['a', 'c', 'd', 'e']);
  });

  it("sorts by a metric's min or last, runs without the metric last in both directions", async () => {
    const store = await storeWith(runs);
    const byMin = await queryRuns(store, {
      sort: parseSort('metrics.loss.min'),
      metrics: ['loss'],
    });
    expect(uids(byMin).slice(0, 3)).toEqual(['b', 'a', 'd']);
    expect(byMin.summaries['b']?.['loss']).toMatchObject({ min: 0.5, max: 5, last: 4 });
    expect(byMin.summaries['c']?.['loss']).toBeNull();
    const byLastDesc = await queryRuns(store, { sort: parseSort('-metrics.loss.last') });
    expect(uids(byLastDesc).slice(0, 3)).toEqual(['d', 'b', 'a']);
    expect(uids(byLastDesc).slice(3).sort()).toEqual(['c', 'e']);
    const filtered = await queryRuns(store, { where: [parseCondition('metrics.loss.max<4.5')] });
    expect(uids(filtered)).toEqual(['a']);
  });

  it('reads a metric again once the run got new points (the summary cache follows updatedAt)', async () => {
    const store = await storeWith(runs);
    expect((await queryRuns(store, { metrics: ['loss'] })).summaries['a']?.['loss']?.min).toBe(1);
    await store.applyBatches(
      [{ run: 'a', seq: 2, points: [{ k: 'loss', s: 3, v: -1, t: T0 }] }],
      9999,
    );
    expect((await queryRuns(store, { metrics: ['loss'] })).summaries['a']?.['loss']?.min).toBe(-1);
  });

  it('filters by tag, project and array job, groups by experiment and array, and pages', async () => {
    const store = await storeWith(runs);
    expect(uids(await queryRuns(store, { where: [parseCondition('tag=base')] })).sort()).toEqual([
      'a',
      'c',
    ]);
    expect(uids(await queryRuns(store, { where: [parseCondition('tag!=base')] })).sort()).toEqual([
      'b',
      'd',
      'e',
    ]);
    expect(uids(await queryRuns(store, { where: [parseCondition('array=77')] })).sort()).toEqual([
      'd',
      'e',
    ]);
    // Newest first, then each experiment together in the order of its first run.
    const byExperiment = await queryRuns(store, { group: 'experiment' });
    expect(uids(byExperiment)).toEqual(['e', 'c', 'd', 'b', 'a']);
    const byArray = await queryRuns(store, { group: 'array' });
    expect(uids(byArray)).toEqual(['e', 'd', 'c', 'b', 'a']);
    const page = await queryRuns(store, { sort: parseSort('uid'), limit: 2, offset: 2 });
    expect(uids(page)).toEqual(['c', 'd']);
    expect(page.total).toBe(5);
  });

  it('filters by status and job state', async () => {
    const store = await storeWith(runs);
    await store.recordJobEnd(
      { cluster: 'dev', jobId: '77_1', outcome: 'OUT_OF_MEMORY', endedAt: 5000 },
      6000,
    );
    const oom = await queryRuns(store, { where: [parseCondition('state=OUT_OF_MEMORY')] });
    expect(uids(oom)).toEqual(['d']);
    const running = await queryRuns(store, { where: [parseCondition('status=running')] });
    expect(uids(running).sort()).toEqual(['a', 'b', 'c', 'e']);
  });

  it('refuses an unknown field or a metric without its figure, with a hint', () => {
    expect(() => parseField('flavour')).toThrow(/unknown field "flavour"/);
    expect(() => parseField('metrics.loss')).toThrow(/needs .last, .min or .max/);
    expect(parseField('metrics.sys/gpu0.util.max')).toEqual({
      kind: 'metric',
      key: 'sys/gpu0.util',
      figure: 'max',
    });
    expect(() => parseCondition('params.lr')).toThrow(/FIELD OP VALUE/);
  });
});
