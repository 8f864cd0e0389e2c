import { visibleUpTo, type Rewind } from './chunk-read.js';
import { BLOCK_BYTES, NO_POINT, SUMMARY_BLOCK } from './chunk-summary.js';
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

/** A block's bytes: `BLOCK_MAX_BYTES` from byte `pos` of chunk `id` (or up to the chunk's end). */
export interface BlockBytes {
  id: number;
  pos: number;
}

/** 64 points of at most 24 bytes: all of a block, whatever follows it. */
export const BLOCK_MAX_BYTES = SUMMARY_BLOCK * 24;

/** Fetches the bytes of the blocks a column boundary cuts through, in the order asked. */
export type LoadBlocks = (blocks: readonly BlockBytes[]) => Promise<Uint8Array[]>;

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
  load: LoadBlocks,
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

  // Block headers straight from the summaries (chunk-summary.ts layout), no objects a block.
  const views = chunks.map(
    (c) => new DataView(c.summary!.buffer, c.summary!.byteOffset, c.summary!.byteLength),
  );
  const FIRST = 28;
  const LAST = 52;
  const MIN = 76;
  const MAX = 100;
  const cut = (view: DataView, o: number) =>
    columnOf(view.getFloat64(o + FIRST, true)) !== columnOf(view.getFloat64(o + LAST, true));
  const wanted: BlockBytes[] = [];
  chunks.forEach((chunk, c) => {
    const view = views[c] as DataView;
    for (let o = 0; o + BLOCK_BYTES <= view.byteLength; o += BLOCK_BYTES) {
      if (cut(view, o)) wanted.push({ id: chunk.id, pos: view.getUint32(o, true) });
    }
  });
  const bytes = wanted.length > 0 ? await load(wanted) : [];
  let next = 0;

  // What M4 keeps, column by column: parallel arrays, at most 4 points a column.
  const out = new M4Columns(columns);
  const cols = {
    steps: new Float64Array(SUMMARY_BLOCK),
    times: new Float64Array(SUMMARY_BLOCK),
    values: new Float64Array(SUMMARY_BLOCK),
  };
  let base = 0;
  chunks.forEach((chunk, c) => {
    const view = views[c] as DataView;
    for (let o = 0, from = 0; o + BLOCK_BYTES <= view.byteLength; o += BLOCK_BYTES) {
      const count = view.getUint16(o + 4, true);
      const i0 = base + from;
      if (cut(view, o)) {
        decodePoints(bytes[next++] as Uint8Array, count, cols, 0, {
          pos: 0,
          step: view.getFloat64(o + 12, true),
          time: view.getFloat64(o + 20, true),
        });
        for (let k = 0; k < count; k++) {
          const step = cols.steps[k] as number;
          out.point(
            columnOf(step),
            i0 + k,
            step,
            cols.times[k] as number,
            cols.values[k] as number,
          );
        }
      } else {
        const column = columnOf(view.getFloat64(o + FIRST, true));
        if (column !== out.column) {
          out.candidateAt(view, o + FIRST, i0);
          out.open(column);
        }
        // The block's lowest and highest leave NaN out, as comparisons in M4 do.
        const minAt = view.getUint16(o + 6, true);
        if (minAt !== NO_POINT) {
          out.candidateAt(view, o + MIN, i0 + minAt);
          out.lower();
          out.candidateAt(view, o + MAX, i0 + view.getUint16(o + 8, true));
          out.higher();
        }
        out.candidateAt(view, o + LAST, i0 + count - 1);
        out.follow();
      }
      from += count;
    }
    base += chunk.count;
  });
  out.close();
  const series = out.series(key);
  return { series, total };
}

/**
 * downsampleM4's column state without an object a point: the open column's first, lowest,
 * highest and latest point (index in the series, step, time, value), and the points kept.
 */
class M4Columns {
  column = -1;
  // 0 first, 1 lowest, 2 highest, 3 latest, 4 the candidate being looked at
  readonly #i = new Float64Array(5);
  readonly #s = new Float64Array(5);
  readonly #t = new Float64Array(5);
  readonly #v = new Float64Array(5);
  readonly #steps: Float64Array;
  readonly #times: Float64Array;
  readonly #values: Float64Array;
  #kept = 0;

  constructor(columns: number) {
    this.#steps = new Float64Array(columns * 4);
    this.#times = new Float64Array(columns * 4);
    this.#values = new Float64Array(columns * 4);
  }

  candidate(i: number, step: number, time: number, value: number): void {
    this.#i[4] = i;
    this.#s[4] = step;
    this.#t[4] = time;
    this.#v[4] = value;
  }

  /** The candidate from a summary's point record (step, ms, value) at byte `at`. */
  candidateAt(view: DataView, at: number, i: number): void {
    this.candidate(
      i,
      view.getFloat64(at, true),
      view.getFloat64(at + 8, true),
      view.getFloat64(at + 16, true),
    );
  }

  #take(slot: number): void {
    this.#i[slot] = this.#i[4] as number;
    this.#s[slot] = this.#s[4] as number;
    this.#t[slot] = this.#t[4] as number;
    this.#v[slot] = this.#v[4] as number;
  }

  /** Closes the open column and opens `column` with the candidate as its first point. */
  open(column: number): void {
    if (this.column !== -1) this.close();
    this.column = column;
    for (const slot of [0, 1, 2, 3]) this.#take(slot);
  }

  lower(): void {
    if ((this.#v[4] as number) < (this.#v[1] as number)) this.#take(1);
  }

  higher(): void {
    if ((this.#v[4] as number) > (this.#v[2] as number)) this.#take(2);
  }

  follow(): void {
    this.#take(3);
  }

  /** One point, as downsampleM4's loop takes it. */
  point(column: number, i: number, step: number, time: number, value: number): void {
    this.candidate(i, step, time, value);
    if (column !== this.column) return this.open(column);
    if (value < (this.#v[1] as number)) this.#take(1);
    else if (value > (this.#v[2] as number)) this.#take(2);
    this.#take(3);
  }

  #keep(slot: number): void {
    this.#steps[this.#kept] = this.#s[slot] as number;
    this.#times[this.#kept] = this.#t[slot] as number;
    this.#values[this.#kept] = this.#v[slot] as number;
    this.#kept++;
  }

  /** Exactly downsampleM4's close(): first, lowest and highest in order, latest; none twice. */
  close(): void {
    const i = this.#i;
    const [lo, hi] = (i[1] as number) <= (i[2] as number) ? [1, 2] : [2, 1];
    this.#keep(0);
    if (i[lo] !== i[0]) this.#keep(lo);
    if (i[hi] !== i[lo] && i[hi] !== i[3]) this.#keep(hi);
    if (i[3] !== i[0] && i[3] !== i[lo]) this.#keep(3);
  }

  series(key: string): Series {
    return {
      key,
      steps: this.#steps.slice(0, this.#kept),
      times: this.#times.slice(0, this.#kept),
      values: this.#values.slice(0, this.#kept),
    };
  }
}
