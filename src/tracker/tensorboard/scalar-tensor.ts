import { bfloat16ToNumber, halfToNumber } from './half-float.js';
import type { ProtoReader } from './proto-reader.js';
import { FIXED32, FIXED64, LENGTH_DELIMITED, VARINT } from './proto-reader.js';

// tensorflow.DataType values of the float types a scalar summary is written with.
const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_BFLOAT16 = 14;
const DT_HALF = 19;

/** The one value of a float tensor (TensorProto) with one element; undefined for anything else. */
export function scalarTensorValue(r: ProtoReader, end: number): number | undefined {
  const outer = r.end;
  r.end = end;
  let dtype = 0;
  let elements = 1;
  let contentStart = -1;
  let contentEnd = -1;
  let count = 0;
  let value: number | undefined;
  let halfBits = 0;
  let halves = 0;
  const add = (v: number) => {
    count++;
    value = v;
  };
  while (r.more()) {
    const key = r.key();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 1 && wire === VARINT) dtype = r.varint();
    else if (field === 2 && wire === LENGTH_DELIMITED) elements = shapeElements(r, r.delimited());
    else if (field === 4 && wire === LENGTH_DELIMITED) {
      contentEnd = r.delimited();
      contentStart = r.pos;
      r.pos = contentEnd;
    } else if (field === 5 && wire === LENGTH_DELIMITED) {
      const stop = r.delimited();
      while (r.pos < stop) add(r.float());
    } else if (field === 5 && wire === FIXED32) add(r.float());
    else if (field === 6 && wire === LENGTH_DELIMITED) {
      const stop = r.delimited();
      while (r.pos < stop) add(r.double());
    } else if (field === 6 && wire === FIXED64) add(r.double());
    else if (field === 13 && (wire === LENGTH_DELIMITED || wire === VARINT)) {
      const stop = wire === VARINT ? -1 : r.delimited();
      do {
        halfBits = r.varint();
        halves++;
      } while (r.pos < stop);
    } else r.skip(wire);
  }
  r.end = outer;
  if (elements !== 1) return undefined;
  if (contentStart >= 0) return contentValue(r, dtype, contentStart, contentEnd);
  // half_val holds the 16 bits of DT_HALF and DT_BFLOAT16 values alike.
  if (dtype === DT_HALF && halves > 0) return halfToNumber(halfBits);
  if (dtype === DT_BFLOAT16 && halves > 0) return bfloat16ToNumber(halfBits);
  if ((dtype === DT_FLOAT || dtype === DT_DOUBLE) && count > 0) return value;
  return undefined;
}

/** How many elements a TensorShapeProto holds (1 for a scalar: no dims). */
function shapeElements(r: ProtoReader, end: number): number {
  let elements = 1;
  while (r.pos < end) {
    const key = r.key();
    if (key >>> 3 === 2 && (key & 7) === LENGTH_DELIMITED) {
      const dimEnd = r.delimited();
      let size = 0;
      while (r.pos < dimEnd) {
        const dimKey = r.key();
        if (dimKey >>> 3 === 1 && (dimKey & 7) === VARINT) size = r.int64();
        else r.skip(dimKey & 7);
      }
      elements *= size;
    } else if (key >>> 3 === 3 && (key & 7) === VARINT && r.varint() !== 0) {
      elements = -1; // unknown rank
    } else if (key >>> 3 !== 3) r.skip(key & 7);
  }
  return elements;
}

function contentValue(
  r: ProtoReader,
  dtype: number,
  start: number,
  end: number,
): number | undefined {
  const length = end - start;
  switch (dtype) {
    case DT_FLOAT:
      return length === 4 ? r.view.getFloat32(start, true) : undefined;
    case DT_DOUBLE:
      return length === 8 ? r.view.getFloat64(start, true) : undefined;
    case DT_HALF:
      return length === 2 ? halfToNumber(r.view.getUint16(start, true)) : undefined;
    case DT_BFLOAT16:
      return length === 2 ? bfloat16ToNumber(r.view.getUint16(start, true)) : undefined;
    default:
      return undefined;
  }
}
