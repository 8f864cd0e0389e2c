import { visibleUpTo, type Rewind } from './chunk-read.js';
import { readBlocks, SUMMARY_BLOCK, type BlockSummary } from './chunk-summary.js';
import { decodePoints } from './point-codec.js';
import type { Series } from './types.js';

/** A chunk as a summarized read needs it: its fields and summary, not its points. */
export interface SummarizedChunk {
  id: number;
  attemptSeq: number;
  count: number;
  minStep: number;
  maxStep: number;
  lastStep: number;
  sorted: boolean;
  summary: Uint8Array | null;
}

/** Fetches the points of the chunks named (only those a column boundary cuts through). */
export type LoadChunkData = (ids: readonly number[]) => Promise<Map<number, Uint8Array>>;

interface Point {
  /** Index in the whole series: which of two equal points M4 keeps. */
  i: number;
  step: number;
  time: number;
  value: number;
}

/**
 * Whether the summaries give the same answer as the points: every chunk summarized and in step
 * order after the one before, and no rewind hiding any of its points. Anything else (a resumed
 * run, points sent out of order, chunks written before summaries) reads every point.
 */
function summariesServe(chunks: readonly SummarizedChunk[], rewinds: readonly Rewind[]): boolean {
  let last = -Infinity;
  for (const chunk of chunks) {
    if (!chunk.summary || !chunk.sorted || chunk.minStep < last) return false;
    if (chunk.maxStep > visibleUpTo(chunk.attemptSeq, rewinds)) return false;
    last = chunk.lastStep;
  }
  return true;
}

/**
 * M4 (downsample.ts) of a series from its chunks' block summaries: a block inside one pixel
 * column counts by its first, last, lowest and highest point; only blocks a column boundary
 * cuts through are decoded. The same points come back as `downsampleM4` of the whole series.
 * Undefined when the summaries cannot serve (see summariesServe) or the series is small enough
 * to send whole: read every point then.
 */
export async function downsampleFromSummaries(
  key: string,
  chunks: readonly SummarizedChunk[],
  rewinds: readonly Rewind[],
  width: number,
  load: LoadChunkData,
): Promise<{ series: Series; total: number } | undefined> {
  const columns = Math.max(1, Math.floor(width));
  let total = 0;
  for (const chunk of chunks) total += chunk.count;
  if (chunks.length === 0 || total <= columns * 4 || !summariesServe(chunks, rewinds)) {
    return undefined;
  }
  const first = (chunks[0] as SummarizedChunk).minStep;
  const span = (chunks.at(-1) as SummarizedChunk).lastStep - first;
  const scale = span === 0 ? 0 : columns / span;
  const lastColumn = columns - 1;
  const columnOf = (step: number) => Math.min(lastColumn, Math.floor((step - first) * scale));

  const parsed = chunks.map((chunk) => [...readBlocks(chunk.summary as Uint8Array)]);
  const cut = (block: BlockSummary) => columnOf(block.first.step) !== columnOf(block.last.step);
  const wanted = chunks.filter((_, c) => (parsed[c] as BlockSummary[]).some(cut)).map((c) => c.id);
  const data = wanted.length > 0 ? await load(wanted) : new Map<number, Uint8Array>();

  const kept: Point[] = [];
  let column = -1;
  let head: Point | undefined;
  let low: Point | undefined;
  let high: Point | undefined;
  let previous: Point | undefined;
  // Exactly downsampleM4's close(): each column's first, lowest, highest and last, in order.
  const close = (last: Point) => {
    const [lo, hi] = (low as Point).i <= (high as Point).i ? [low, high] : [high, low];
    const f = head as Point;
    kept.push(f);
    if (lo!.i !== f.i) kept.push(lo!);
    if (hi!.i !== lo!.i && hi!.i !== last.i) kept.push(hi!);
    if (last.i !== f.i && last.i !== lo!.i) kept.push(last);
  };
  const open = (at: number, p: Point) => {
    if (column !== -1) close(previous as Point);
    column = at;
    head = low = high = p;
  };
  const point = (p: Point) => {
    const at = columnOf(p.step);
    if (at !== column) open(at, p);
    else if (p.value < (low as Point).value) low = p;
    else if (p.value > (high as Point).value) high = p;
    previous = p;
  };
  const cols = {
    steps: new Float64Array(SUMMARY_BLOCK),
    times: new Float64Array(SUMMARY_BLOCK),
    values: new Float64Array(SUMMARY_BLOCK),
  };

  let base = 0;
  chunks.forEach((chunk, c) => {
    for (const block of parsed[c] as BlockSummary[]) {
      const at = (p: { at: number; step: number; time: number; value: number }): Point => ({
        i: base + p.at,
        step: p.step,
        time: p.time,
        value: p.value,
      });
      if (cut(block)) {
        decodePoints(data.get(chunk.id) as Uint8Array, block.count, cols, 0, block.start);
        for (let k = 0; k < block.count; k++) {
          point({
            i: base + block.from + k,
            step: cols.steps[k] as number,
            time: cols.times[k] as number,
            value: cols.values[k] as number,
          });
        }
        continue;
      }
      const columnAt = columnOf(block.first.step);
      if (columnAt !== column) open(columnAt, at(block.first));
      // The block's lowest and highest leave NaN out, as comparisons in M4 do.
      if (block.min && block.min.value < (low as Point).value) low = at(block.min);
      if (block.max && block.max.value > (high as Point).value) high = at(block.max);
      previous = at(block.last);
    }
    base += chunk.count;
  });
  close(previous as Point);

  const series: Series = {
    key,
    steps: new Float64Array(kept.length),
    values: new Float64Array(kept.length),
    times: new Float64Array(kept.length),
  };
  kept.forEach((p, j) => {
    series.steps[j] = p.step;
    series.values[j] = p.value;
    series.times[j] = p.time;
  });
  return { series, total };
}
