/**
 * Points of one series packed into a chunk: per point a zigzag varint of the step delta, a
 * zigzag varint of the wall-time delta in ms, then the value as a float64 (about 11 bytes a
 * point for steady training logs). Each point is encoded against the one before it, so a chunk
 * grows by appending bytes, given the chunk's last step and time.
 */
export interface ChunkTail {
  lastStep: number;
  lastTime: number;
}

/** At most 8 varint bytes a delta (below 2^53 after zigzag) plus 8 for the value. */
const MAX_POINT_BYTES = 8 + 8 + 8;

function writeVarint(out: Buffer, pos: number, value: number): number {
  // zigzag on doubles: exact for the integer range of steps and ms timestamps (< 2^52)
  let z = value < 0 ? -value * 2 - 1 : value * 2;
  while (z >= 0x80) {
    out[pos++] = (z % 0x80) | 0x80;
    z = Math.floor(z / 0x80);
  }
  out[pos++] = z;
  return pos;
}

/** Encodes points after `tail` (steps must be integers, times integer ms). */
export function encodePoints(
  tail: ChunkTail,
  steps: ArrayLike<number>,
  times: ArrayLike<number>,
  values: ArrayLike<number>,
): Buffer {
  const out = Buffer.allocUnsafe(steps.length * MAX_POINT_BYTES);
  let pos = 0;
  let step = tail.lastStep;
  let time = tail.lastTime;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i] as number;
    const t = times[i] as number;
    pos = writeVarint(out, pos, s - step);
    pos = writeVarint(out, pos, t - time);
    pos = out.writeDoubleLE(values[i] as number, pos);
    step = s;
    time = t;
  }
  return out.subarray(0, pos);
}

/** The varint at `pos` of `data` (zigzag-decoded), and where the next field starts. */
function readVarintSlow(data: Uint8Array, pos: number): [number, number] {
  let z = 0;
  let scale = 1;
  for (;;) {
    const byte = data[pos++] as number;
    z += (byte & 0x7f) * scale;
    if (byte < 0x80) break;
    scale *= 0x80;
  }
  return [z % 2 === 1 ? -(z + 1) / 2 : z / 2, pos];
}

/** Where decoding starts inside a chunk: a byte position and the point before it (a block). */
export interface DecodeStart {
  pos: number;
  step: number;
  time: number;
}

const CHUNK_START: DecodeStart = { pos: 0, step: 0, time: 0 };

/** Decodes `count` points from `data` into the arrays at `offset`; returns the next offset. */
export function decodePoints(
  data: Uint8Array,
  count: number,
  target: { steps: Float64Array; times: Float64Array; values: Float64Array },
  offset: number,
  start: DecodeStart = CHUNK_START,
  /** Set to where decoding stopped: the next block's start. */
  end?: DecodeStart,
): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const { steps, times, values } = target;
  let { pos, step, time } = start;
  for (let i = offset, end = offset + count; i < end; i++) {
    // One-byte varints (deltas within +-63) are the common case: steps by 1, times by ms.
    let byte = data[pos] as number;
    if (byte < 0x80) {
      step += byte & 1 ? -((byte + 1) >> 1) : byte >> 1;
      pos++;
    } else {
      const [delta, next] = readVarintSlow(data, pos);
      step += delta;
      pos = next;
    }
    byte = data[pos] as number;
    if (byte < 0x80) {
      time += byte & 1 ? -((byte + 1) >> 1) : byte >> 1;
      pos++;
    } else {
      const [delta, next] = readVarintSlow(data, pos);
      time += delta;
      pos = next;
    }
    steps[i] = step;
    times[i] = time;
    values[i] = view.getFloat64(pos, true);
    pos += 8;
  }
  if (end) {
    end.pos = pos;
    end.step = step;
    end.time = time;
  }
  return offset + count;
}
