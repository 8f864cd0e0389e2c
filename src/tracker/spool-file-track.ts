import type { SpoolCursor } from './spool-cursor.js';
import { startCursor } from './spool-cursor.js';
import { joinedSlice, splitJoined, type SpoolLine } from './spool-lines.js';
import type { FileAnswer, FileRead, ReadRequest } from './spool-remote-read.js';

/** Bytes before the read position that are read again and compared. */
export const CHECK_BYTES = 32;

export type SpoolEvent =
  /** The file is not there (yet, or any more): the cursor is kept. */
  | 'missing'
  | 'unreadable'
  /** Another file is at the path now (inode, device or content changed): read from 0. */
  | 'replaced'
  /** The file is shorter than the cursor on two polls in a row: read from 0. */
  | 'truncated'
  /** Shorter than the cursor once: maybe a size NFS has not caught up with; checked next poll. */
  | 'shrink-suspected'
  /** A line longer than the limit was dropped. */
  | 'line-too-long';

export interface SpoolFileUpdate {
  path: string;
  /** Complete lines read, in order, each with the offset past it. */
  lines: SpoolLine[];
  /** The cursor to store once every line here is applied (pass it to commit). */
  next: SpoolCursor;
  event?: SpoolEvent;
  /** More bytes were there than one poll reads: the next poll goes on at once. */
  more: boolean;
}

export interface TrackLimits {
  maxBytesPerFile: number;
  maxLineBytes: number;
}

interface Plan {
  readPos: number;
  check: Buffer;
}

/**
 * One spool file's reading state between polls: the committed cursor (what the caller stored),
 * and in memory the bytes of a line still being written, so that line is not read twice.
 */
export class SpoolFileTrack {
  cursor: SpoolCursor;
  /** Bytes the last answer showed past what it read: a backlog the next poll may read more of. */
  backlog = 0;
  #partial: { start: number; bytes: Buffer } | undefined;
  #shrinkSeen = false;
  #plan: Plan | undefined;

  constructor(cursor: SpoolCursor) {
    this.cursor = cursor;
  }

  /**
   * The read for the next poll: from just before the bytes already seen, to check them;
   * `maxBytes` (default `limits.maxBytesPerFile`) new bytes at most.
   */
  request(limits: TrackLimits, maxBytes = limits.maxBytesPerFile): ReadRequest {
    const partial = this.#partial?.start === this.cursor.offset ? this.#partial.bytes : undefined;
    if (!partial) this.#partial = undefined;
    const known = Buffer.concat([
      this.cursor.tail ? Buffer.from(this.cursor.tail, 'base64') : Buffer.alloc(0),
      partial ?? Buffer.alloc(0),
    ]);
    const readPos = this.cursor.offset + (partial?.length ?? 0);
    const check = known.subarray(Math.max(0, known.length - Math.min(CHECK_BYTES, readPos)));
    this.#plan = { readPos, check };
    const max = Math.max(1, maxBytes);
    return {
      op: 'tail',
      path: this.cursor.path,
      from: readPos - check.length,
      offset: readPos,
      max,
    };
  }

  /** What the answer to `request()` means for this file. */
  apply(answer: FileAnswer, limits: TrackLimits): SpoolFileUpdate {
    const plan = this.#plan;
    if (!plan) throw new Error('apply() without request()');
    this.#plan = undefined;
    const path = this.cursor.path;
    const nothing = (event?: SpoolEvent): SpoolFileUpdate => ({
      path,
      lines: [],
      next: this.cursor,
      more: false,
      ...(event ? { event } : {}),
    });
    this.backlog = 0;
    if (!('identity' in answer)) return nothing(answer.status);
    const fresh = Math.max(0, answer.bytes.length - plan.check.length);
    this.backlog = Math.max(0, answer.size - plan.readPos - fresh);
    const known = this.cursor.identity;
    if (known && (known.dev !== answer.identity.dev || known.ino !== answer.identity.ino)) {
      return this.#restart('replaced');
    }
    if (answer.size < plan.readPos) {
      if (this.#shrinkSeen) return this.#restart('truncated');
      this.#shrinkSeen = true;
      return nothing('shrink-suspected');
    }
    this.#shrinkSeen = false;
    if (!known) this.cursor = { ...this.cursor, identity: answer.identity };
    const bytes = answer.bytes;
    // A short read (NFS pages behind the size) is no truncation: the next poll reads again.
    if (bytes.length <= plan.check.length) return nothing();
    if (!bytes.subarray(0, plan.check.length).equals(plan.check)) return this.#restart('replaced');
    return this.#take(bytes.subarray(plan.check.length), plan, answer, limits);
  }

  /** Called once the caller stored `next`: the partial line read is kept only if it starts there. */
  commit(next: SpoolCursor): void {
    this.cursor = next;
  }

  #take(fresh: Buffer, plan: Plan, answer: FileRead, limits: TrackLimits): SpoolFileUpdate {
    const start = this.cursor.offset;
    const partial = this.#partial?.start === start ? this.#partial.bytes : Buffer.alloc(0);
    // The bytes from the cursor are partial + fresh, joined without copying a large read.
    const length = partial.length + fresh.length;
    const slice = (from: number, to: number) => joinedSlice(partial, fresh, from, to);
    const { lines, complete } = splitJoined(partial, fresh, start, this.cursor.skipping === true);
    const more = answer.size > plan.readPos + fresh.length;
    const oldTail = this.cursor.tail ? Buffer.from(this.cursor.tail, 'base64') : Buffer.alloc(0);
    if (complete === 0 && length > limits.maxLineBytes) {
      // Too long to hold: skip to the end of what is here, and drop up to the next newline.
      this.#partial = undefined;
      const next = this.#cursorAt(start + length, oldTail, slice, length, true);
      return { path: this.cursor.path, lines: [], next, more, event: 'line-too-long' };
    }
    if (complete === 0) {
      this.#partial = { start, bytes: slice(0, length) };
      return { path: this.cursor.path, lines: [], next: this.cursor, more };
    }
    const next = this.#cursorAt(start + complete, oldTail, slice, complete, false);
    this.#partial =
      complete < length
        ? { start: next.offset, bytes: Buffer.from(slice(complete, length)) }
        : undefined;
    return { path: this.cursor.path, lines, next, more };
  }

  #cursorAt(
    offset: number,
    oldTail: Buffer,
    slice: (from: number, to: number) => Buffer,
    used: number,
    skipping: boolean,
  ): SpoolCursor {
    const before =
      used >= CHECK_BYTES
        ? slice(used - CHECK_BYTES, used)
        : Buffer.concat([oldTail, slice(0, used)]);
    const tail = before.subarray(Math.max(0, before.length - CHECK_BYTES));
    return {
      path: this.cursor.path,
      offset,
      ...(this.cursor.identity ? { identity: this.cursor.identity } : {}),
      tail: tail.toString('base64'),
      ...(skipping ? { skipping } : {}),
    };
  }

  /** Back to the start of the file: applied at once (reading again is safe, batches are idempotent). */
  #restart(event: SpoolEvent): SpoolFileUpdate {
    this.cursor = startCursor(this.cursor.path);
    this.#partial = undefined;
    this.#shrinkSeen = false;
    this.backlog = 0;
    return { path: this.cursor.path, lines: [], next: this.cursor, more: true, event };
  }
}
