import { describe, expect, it } from 'vitest';
import { planAppend, CHUNK_POINTS } from './chunk-plan.js';
import { assembleSeries } from './chunk-read.js';
import { summarizeChunk } from './chunk-summary.js';
import { downsampleM4 } from './downsample.js';
import { downsampleFromSummaries, type SummarizedChunk } from './summary-m4.js';

/** Chunks of a sorted series as a store writes them, with their summaries. */
function chunksOf(values: number[]) {
  const steps = values.map((_, i) => i * 3);
  const plan = planAppend(undefined, 1, {
    steps,
    times: steps.map((s) => 1_780_000_000_000 + s * 10),
    values,
  });
  return plan.add.map((c, id) => ({
    id,
    attemptSeq: 1,
    count: c.count,
    minStep: c.minStep,
    maxStep: c.maxStep,
    lastStep: c.lastStep,
    sorted: c.sorted,
    data: c.data,
    summary: summarizeChunk(c.data, c.count),
  }));
}

function series(values: number[], chunks = chunksOf(values)) {
  return assembleSeries('k', chunks, []);
}

describe('downsampleFromSummaries', () => {
  const values = Array.from({ length: 200_000 }, (_, i) =>
    i % 5003 === 0 ? NaN : Math.sin(i / 500) + (i % 97) / 1000,
  );
  const chunks = chunksOf(values);

  it.each([1, 100, 1000, 2000, 4999])(
    'keeps what M4 keeps of every point at width %i',
    async (width) => {
      const loaded: number[] = [];
      const out = await downsampleFromSummaries('k', chunks, [], width, async (blocks) => {
        loaded.push(...blocks.map((b) => b.id));
        return blocks.map(({ id, pos }) => (chunks[id] as (typeof chunks)[0]).data.subarray(pos));
      });
      const expected = downsampleM4(series(values, chunks), width);
      expect(out?.total).toBe(200_000);
      expect(Array.from(out?.series.steps ?? [])).toEqual(Array.from(expected.steps));
      expect(Array.from(out?.series.values ?? [])).toEqual(Array.from(expected.values));
      // Only the blocks a column edge cuts through are read: at most one an edge.
      expect(loaded.length).toBeLessThan(width);
    },
  );

  it('leaves to the full read what the summaries cannot serve', async () => {
    const none = async () => [];
    const unsummarized: SummarizedChunk[] = chunks.map((c) => ({ ...c, summary: null }));
    expect(await downsampleFromSummaries('k', unsummarized, [], 100, none)).toBeUndefined();
    const rewound = [{ seqStart: 5, step: 10 }];
    expect(await downsampleFromSummaries('k', chunks, rewound, 100, none)).toBeUndefined();
    const small = chunks.slice(0, 1);
    expect(await downsampleFromSummaries('k', small, [], CHUNK_POINTS, none)).toBeUndefined();
    const swapped = [chunks[1], chunks[0], ...chunks.slice(2)] as SummarizedChunk[];
    expect(await downsampleFromSummaries('k', swapped, [], 100, none)).toBeUndefined();
  });
});
