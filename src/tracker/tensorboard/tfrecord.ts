import { maskedCrc32c } from './crc32c.js';

/** Header: uint64 length + masked CRC32C of those 8 bytes; footer: masked CRC32C of the data. */
export const HEADER_BYTES = 12;
export const FOOTER_BYTES = 4;
/** No event is this big; a larger length is damage, not a record to wait for. */
const MAX_RECORD_BYTES = 1 << 30;

export type RecordStatus =
  /** The whole record is there and both CRCs hold. */
  | 'ok'
  /** The record is not all there yet: read again from the same offset later. */
  | 'partial'
  /** The length's CRC does not hold: where the next record starts is unknown. */
  | 'bad-length'
  /** The length holds but the data's CRC does not. */
  | 'bad-data';

export interface RecordAt {
  status: RecordStatus;
  /** Where the record's data starts and ends in the buffer (when the length is known). */
  dataStart: number;
  dataEnd: number;
  /** Where the next record starts (when the length is known). */
  next: number;
}

/** The TFRecord at `pos` in `bytes`, checked: CRCs of the length and of the data. */
export function recordAt(bytes: Buffer, pos: number): RecordAt {
  const available = bytes.length - pos;
  if (available < HEADER_BYTES) return { status: 'partial', dataStart: -1, dataEnd: -1, next: -1 };
  const low = bytes.readUInt32LE(pos);
  const high = bytes.readUInt32LE(pos + 4);
  if (maskedCrc32c(bytes, pos, pos + 8) !== bytes.readUInt32LE(pos + 8)) {
    return { status: 'bad-length', dataStart: -1, dataEnd: -1, next: -1 };
  }
  if (high !== 0 || low > MAX_RECORD_BYTES) {
    return { status: 'bad-length', dataStart: -1, dataEnd: -1, next: -1 };
  }
  const dataStart = pos + HEADER_BYTES;
  const dataEnd = dataStart + low;
  const next = dataEnd + FOOTER_BYTES;
  if (next > bytes.length) return { status: 'partial', dataStart, dataEnd, next };
  const ok = maskedCrc32c(bytes, dataStart, dataEnd) === bytes.readUInt32LE(dataEnd);
  return { status: ok ? 'ok' : 'bad-data', dataStart, dataEnd, next };
}

/** One record's bytes framed as a writer frames them (for tests and fixtures). */
export function frameRecord(data: Buffer): Buffer {
  const out = Buffer.alloc(HEADER_BYTES + data.length + FOOTER_BYTES);
  out.writeUInt32LE(data.length, 0);
  out.writeUInt32LE(0, 4);
  out.writeUInt32LE(maskedCrc32c(out, 0, 8), 8);
  data.copy(out, HEADER_BYTES);
  out.writeUInt32LE(maskedCrc32c(data), HEADER_BYTES + data.length);
  return out;
}
