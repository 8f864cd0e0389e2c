import { FIXED32, FIXED64, LENGTH_DELIMITED, VARINT, type ProtoReader } from './proto-reader.js';
import type { TagNames } from './tag-names.js';
import { scalarTensorValue } from './scalar-tensor.js';

/** One metric point, in the shape of a tracker batch: key, step, value, wall time (unix seconds). */
export interface ScalarPoint {
  k: string;
  s: number;
  v: number;
  t: number;
}

/**
 * Which tags hold scalars (true) or another plugin's data (false). A writer puts a tag's
 * metadata on its first value only, so this outlives one read and is kept with the offset.
 */
export type TagKinds = Map<string, boolean>;

const DATA_CLASS_SCALAR = 1;

/**
 * Appends the scalars of one serialized `tensorflow.Event` (bytes[start, end)) to `out`:
 * `simple_value`s as the v1 writers (torch, tensorboardX, Lightning) write them, and
 * one-element float tensors of the `scalars` plugin as newer writers do.
 */
export function eventScalars(
  r: ProtoReader,
  start: number,
  end: number,
  kinds: TagKinds,
  tags: TagNames,
  out: ScalarPoint[],
): void {
  r.pos = start;
  r.end = end;
  let wallTime = 0;
  let step = 0;
  let summaryStart = -1;
  let summaryEnd = -1;
  while (r.more()) {
    const key = r.key();
    const wire = key & 7;
    switch (key >>> 3) {
      case 1:
        if (wire === FIXED64) wallTime = r.double();
        else r.skip(wire);
        break;
      case 2:
        if (wire === VARINT) step = r.int64();
        else r.skip(wire);
        break;
      case 5:
        if (wire !== LENGTH_DELIMITED) {
          r.skip(wire);
          break;
        }
        summaryEnd = r.delimited();
        summaryStart = r.pos;
        r.pos = summaryEnd;
        break;
      default:
        r.skip(wire);
    }
  }
  if (summaryStart < 0) return;
  // Fields may come in any order: the summary is read once wall time and step are known.
  r.pos = summaryStart;
  r.end = summaryEnd;
  while (r.more()) {
    const key = r.key();
    if (key >>> 3 === 1 && (key & 7) === LENGTH_DELIMITED) {
      const valueEnd = r.delimited();
      summaryValue(r, valueEnd, kinds, tags, wallTime, step, out);
      r.pos = valueEnd;
      r.end = summaryEnd;
    } else r.skip(key & 7);
  }
}

/** One `Summary.Value`: a point when it is a scalar. */
function summaryValue(
  r: ProtoReader,
  end: number,
  kinds: TagKinds,
  tags: TagNames,
  wallTime: number,
  step: number,
  out: ScalarPoint[],
): void {
  r.end = end;
  let tag: string | undefined;
  let simple: number | undefined;
  let tensorStart = -1;
  let tensorEnd = -1;
  let declared: boolean | undefined;
  while (r.more()) {
    const key = r.key();
    const wire = key & 7;
    const field = key >>> 3;
    if (field === 1 && wire === LENGTH_DELIMITED) {
      const stop = r.delimited();
      tag = tags.name(r.bytes, r.pos, stop);
      r.pos = stop;
    } else if (field === 2 && wire === FIXED32) simple = r.float();
    else if (field === 8 && wire === LENGTH_DELIMITED) {
      tensorEnd = r.delimited();
      tensorStart = r.pos;
      r.pos = tensorEnd;
    } else if (field === 9 && wire === LENGTH_DELIMITED) {
      declared = metadataSaysScalar(r, r.delimited());
      r.end = end;
    } else r.skip(wire);
  }
  if (tag === undefined) return;
  if (declared !== undefined) kinds.set(tag, declared);
  if (simple !== undefined) {
    out.push({ k: tag, s: step, v: simple, t: wallTime });
    return;
  }
  if (tensorStart < 0 || kinds.get(tag) === false) return;
  // A tensor without metadata on a tag not seen yet: a one-element float tensor is a scalar.
  r.pos = tensorStart;
  const value = scalarTensorValue(r, tensorEnd);
  if (value !== undefined) out.push({ k: tag, s: step, v: value, t: wallTime });
}

/** Whether `SummaryMetadata` marks a scalar (plugin `scalars` or data class scalar); undefined when it names no kind. */
function metadataSaysScalar(r: ProtoReader, end: number): boolean | undefined {
  const outer = r.end;
  r.end = end;
  let plugin = '';
  let dataClass = 0;
  while (r.more()) {
    const key = r.key();
    const wire = key & 7;
    if (key >>> 3 === 1 && wire === LENGTH_DELIMITED) {
      const pluginEnd = r.delimited();
      while (r.pos < pluginEnd) {
        const inner = r.key();
        if (inner >>> 3 === 1 && (inner & 7) === LENGTH_DELIMITED) {
          const stop = r.delimited();
          plugin = r.bytes.toString('utf8', r.pos, stop);
          r.pos = stop;
        } else r.skip(inner & 7);
      }
    } else if (key >>> 3 === 4 && wire === VARINT) dataClass = r.varint();
    else r.skip(wire);
  }
  r.end = outer;
  if (plugin === '' && dataClass === 0) return undefined;
  return plugin === 'scalars' || dataClass === DATA_CLASS_SCALAR;
}
