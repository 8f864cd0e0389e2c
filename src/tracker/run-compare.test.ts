import { describe, expect, it } from 'vitest';
import { compareRuns, flattenParams, paramsTable } from './run-compare.js';
import type { Run } from './types.js';

const run = (uid: string, config: Record<string, unknown>) =>
  ({ uid, name: uid, status: 'finished', jobOutcome: 'COMPLETED', config }) as Run;

describe('compareRuns', () => {
  it('flattens nested params to dotted keys, arrays kept whole', () => {
    expect(flattenParams({ optim: { lr: 1, betas: [0.9, 0.99] }, layers: 2 })).toEqual({
      'optim.lr': 1,
      'optim.betas': [0.9, 0.99],
      layers: 2,
    });
  });

  it('shows only the params that differ, a missing one as null, and each metric per run', () => {
    const result = compareRuns(
      [run('a', { optim: { lr: 1 }, seed: 0, depth: 2 }), run('b', { optim: { lr: 2 }, seed: 0 })],
      [
        [{ key: 'loss', points: 3, lastStep: 2, last: 0.5, min: 0.5, max: 1 }],
        [{ key: 'acc', points: 1, lastStep: 0, last: 0.1, min: 0.1, max: 0.1 }],
      ],
    );
    expect(result.paramsDiff).toEqual({ depth: [2, null], 'optim.lr': [1, 2] });
    expect(result.sameParams).toBe(1);
    expect(result.metrics['loss']).toEqual([expect.objectContaining({ last: 0.5 }), null]);
    expect(result.metrics['acc']?.[0]).toBeNull();
  });

  it('lists every flattened param with a value per run, marking only those that differ', () => {
    const table = paramsTable([
      run('a', { optim: { lr: 1, betas: [0.9] }, seed: 0 }),
      run('b', { optim: { lr: 2, betas: [0.9] }, seed: 0, extra: true }),
    ]);
    expect(table).toEqual([
      { key: 'extra', values: [null, true], differs: true },
      { key: 'optim.betas', values: [[0.9], [0.9]], differs: false },
      { key: 'optim.lr', values: [1, 2], differs: true },
      { key: 'seed', values: [0, 0], differs: false },
    ]);
  });
});
