import { eventScalars, type ScalarPoint, type TagKinds } from './event-scalars.js';
import { ProtoError, ProtoReader } from './proto-reader.js';
import { TagNames } from './tag-names.js';
import { HEADER_BYTES, recordAt } from './tfrecord.js';

export interface EventChunkResult {
  points: ScalarPoint[];
  /** For each point, the file offset just past its record. */
  ends: number[];
  /** The file offset to read on from: just past the last complete record taken. */
  offset: number;
  /**
   * Why reading stopped: `end` (all bytes used), `partial` (a record still being written; read
   * again from `offset`), `corrupt` (a length whose CRC fails at `offset`: retried next time).
   */
  stop: 'end' | 'partial' | 'corrupt';
  /** Records skipped: a complete record whose data CRC failed or which did not decode. */
  skipped: number;
  /** How many bytes the record at `offset` needs in all, when stopped on a partial one. */
  needBytes?: number;
}

/**
 * Scalars of the event records in `chunk`, which holds a file's bytes from `fileOffset`.
 * Stops before a record that is not all there; a record whose data CRC fails is skipped only
 * when a valid header follows it (a later write may still complete a torn one).
 */
export function readEventChunk(
  chunk: Buffer,
  fileOffset: number,
  kinds: TagKinds,
): EventChunkResult {
  const points: ScalarPoint[] = [];
  const ends: number[] = [];
  const reader = new ProtoReader(chunk);
  const tags = new TagNames();
  let pos = 0;
  let skipped = 0;
  while (pos < chunk.length) {
    const record = recordAt(chunk, pos);
    if (record.status === 'partial') {
      return {
        points,
        ends,
        offset: fileOffset + pos,
        stop: 'partial',
        skipped,
        ...(record.next > 0 ? { needBytes: record.next - pos } : {}),
      };
    }
    if (record.status === 'bad-length') {
      return { points, ends, offset: fileOffset + pos, stop: 'corrupt', skipped };
    }
    if (record.status === 'bad-data') {
      const following = recordAt(chunk, record.next);
      if (following.status === 'bad-length' || chunk.length - record.next < HEADER_BYTES) {
        return { points, ends, offset: fileOffset + pos, stop: 'corrupt', skipped };
      }
      skipped++;
      pos = record.next;
      continue;
    }
    const before = points.length;
    try {
      eventScalars(reader, record.dataStart, record.dataEnd, kinds, tags, points);
    } catch (error) {
      if (!(error instanceof ProtoError)) throw error;
      points.length = before; // a CRC-valid record that is not an Event: skip it whole
      skipped++;
    }
    for (let i = ends.length; i < points.length; i++) ends.push(fileOffset + record.next);
    pos = record.next;
  }
  return { points, ends, offset: fileOffset + pos, stop: 'end', skipped };
}
