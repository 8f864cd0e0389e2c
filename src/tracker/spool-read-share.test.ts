import { describe, expect, it } from 'vitest';
import { shareReads } from './spool-read-share.js';

describe('shareReads', () => {
  it('gives every file the base read, and a backlog what the poll has left, in order', () => {
    expect(shareReads([0, 100, 0], 10, 100)).toEqual([10, 80, 10]);
    expect(shareReads([50, 100], 10, 100)).toEqual([50, 50]);
    expect(shareReads([5, 0], 10, 100)).toEqual([10, 10]);
  });

  it('never goes past the poll bound, nor below the base read when many files share it', () => {
    const reads = shareReads([1e9, 1e9, 1e9], 10, 100);
    expect(reads.reduce((a, b) => a + b)).toBe(100);
    expect(
      shareReads(
        Array.from({ length: 20 }, () => 1e9),
        10,
        100,
      ),
    ).toEqual(Array.from({ length: 20 }, () => 10));
  });
});
