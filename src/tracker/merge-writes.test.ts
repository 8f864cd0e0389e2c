import { describe, expect, it } from 'vitest';
import { mergeAdjacentWrites } from './merge-writes.js';

const p = (s: number) => ({ k: 'loss', s, v: s, t: s });

describe('mergeAdjacentWrites', () => {
  it('joins adjacent writes of one run and attempt in order, and keeps the others apart', () => {
    const writes = [
      { runId: 1, attemptSeq: 0, points: [p(0), p(1)] },
      { runId: 1, attemptSeq: 0, points: [p(2)] },
      { runId: 2, attemptSeq: 0, points: [p(9)] },
      { runId: 1, attemptSeq: 0, points: [p(3)] },
      { runId: 1, attemptSeq: 5, points: [p(1)] },
    ];
    expect(mergeAdjacentWrites(writes)).toEqual([
      { runId: 1, attemptSeq: 0, points: [p(0), p(1), p(2)] },
      { runId: 2, attemptSeq: 0, points: [p(9)] },
      { runId: 1, attemptSeq: 0, points: [p(3)] },
      { runId: 1, attemptSeq: 5, points: [p(1)] },
    ]);
    expect(writes[0]?.points).toHaveLength(2);
  });

  it('starts a new group once one holds a few chunks of points', () => {
    const big = { runId: 1, attemptSeq: 0, points: Array.from({ length: 3000 }, (_, i) => p(i)) };
    const groups = mergeAdjacentWrites([big, big, big, big]);
    expect(groups.map((g) => g.points.length)).toEqual([9000, 3000]);
  });
});
