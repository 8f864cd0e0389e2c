import { decodePoints, type DecodeStart } from './point-codec.js';

/** Points a block summary covers: a chart column of a long series spans many blocks. */
export const SUMMARY_BLOCK = 64;

/**
 * A block's summary, 124 bytes (about 2 bytes a point): where its points start in the chunk
 * (byte position and the point before, so it decodes on its own), its count, and its first,
 * last, lowest and highest point (step, ms, value; lowest and highest leave NaN out).
 */
export const BLOCK_BYTES = 124;
/** A block of NaN only has no lowest or highest point. */
export const NO_POINT = 0xffff;
const NONE = NO_POINT;

/** One point kept by a summary, with its index in the chunk. */
export interface SummaryPoint {
  at: number;
  step: number;
  time: number;
  value: number;
}

export interface BlockSummary {
  start: DecodeStart;
  /** Index of the block's first point in its chunk. */
  from: number;
  count: number;
  first: SummaryPoint;
  last: SummaryPoint;
  /** Undefined when every value of the block is NaN. */
  min: SummaryPoint | undefined;
  max: SummaryPoint | undefined;
}

/** The summary of a chunk's points: one record a block of SUMMARY_BLOCK, in order. */
export function summarizeChunk(data: Uint8Array, count: number): Buffer {
  const blocks = Math.ceil(count / SUMMARY_BLOCK);
  const out = Buffer.alloc(blocks * BLOCK_BYTES);
  const cols = {
    steps: new Float64Array(SUMMARY_BLOCK),
    times: new Float64Array(SUMMARY_BLOCK),
    values: new Float64Array(SUMMARY_BLOCK),
  };
  const at: DecodeStart = { pos: 0, step: 0, time: 0 };
  for (let b = 0; b < blocks; b++) {
    const n = Math.min(SUMMARY_BLOCK, count - b * SUMMARY_BLOCK);
    const o = b * BLOCK_BYTES;
    out.writeUInt32LE(at.pos, o);
    out.writeUInt16LE(n, o + 4);
    out.writeDoubleLE(at.step, o + 12);
    out.writeDoubleLE(at.time, o + 20);
    decodePoints(data, n, cols, 0, { ...at }, at);
    // The same rule as downsampleM4: the first lowest (highest) value wins; NaN never does.
    let minAt = NONE;
    let maxAt = NONE;
    for (let i = 0; i < n; i++) {
      const v = cols.values[i] as number;
      if (Number.isNaN(v)) continue;
      if (minAt === NONE || v < (cols.values[minAt] as number)) minAt = i;
      if (maxAt === NONE || v > (cols.values[maxAt] as number)) maxAt = i;
    }
    out.writeUInt16LE(minAt, o + 6);
    out.writeUInt16LE(maxAt, o + 8);
    const put = (i: number, p: number) => {
      out.writeDoubleLE(cols.steps[i] as number, p);
      out.writeDoubleLE(cols.times[i] as number, p + 8);
      out.writeDoubleLE(cols.values[i] as number, p + 16);
    };
    put(0, o + 28);
    put(n - 1, o + 52);
    put(minAt === NONE ? 0 : minAt, o + 76);
    put(maxAt === NONE ? 0 : maxAt, o + 100);
  }
  return out;
}

/** The blocks of a chunk's summary, in order. */
export function* readBlocks(summary: Uint8Array): Generator<BlockSummary> {
  const view = new DataView(summary.buffer, summary.byteOffset, summary.byteLength);
  const point = (at: number, p: number): SummaryPoint => ({
    at,
    step: view.getFloat64(p, true),
    time: view.getFloat64(p + 8, true),
    value: view.getFloat64(p + 16, true),
  });
  for (let o = 0, b = 0; o + BLOCK_BYTES <= summary.byteLength; o += BLOCK_BYTES, b++) {
    const from = b * SUMMARY_BLOCK;
    const count = view.getUint16(o + 4, true);
    const minAt = view.getUint16(o + 6, true);
    const maxAt = view.getUint16(o + 8, true);
    yield {
      start: {
        pos: view.getUint32(o, true),
        step: view.getFloat64(o + 12, true),
        time: view.getFloat64(o + 20, true),
      },
      from,
      count,
      first: point(from, o + 28),
      last: point(from + count - 1, o + 52),
      min: minAt === NONE ? undefined : point(from + minAt, o + 76),
      max: maxAt === NONE ? undefined : point(from + maxAt, o + 100),
    };
  }
}
