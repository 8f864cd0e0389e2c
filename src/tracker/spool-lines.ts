const NEWLINE = 0x0a;

/** One complete NDJSON line of a spool file, and the file offset just past its newline. */
export interface SpoolLine {
  text: string;
  end: number;
}

export interface SplitLines {
  lines: SpoolLine[];
  /** Bytes of `bytes` that end in a newline; the rest is a line still being written. */
  complete: number;
}

/**
 * The complete lines of `bytes`, which start at file offset `start`. Blank lines are passed
 * over (their bytes still count); the bytes after the last newline are left for the next read.
 * Text is decoded per line, so a UTF-8 character cut by a read boundary is never split.
 */
export function splitLines(bytes: Buffer, start: number, skipFirst = false): SplitLines {
  const lines: SpoolLine[] = [];
  let lineStart = 0;
  let skip = skipFirst;
  for (;;) {
    const at = bytes.indexOf(NEWLINE, lineStart);
    if (at < 0) break;
    if (skip) skip = false;
    else if (at > lineStart && !(at === lineStart + 1 && bytes[lineStart] === 0x0d)) {
      lines.push({ text: bytes.toString('utf8', lineStart, at), end: start + at + 1 });
    }
    lineStart = at + 1;
  }
  return { lines, complete: lineStart };
}

/** Bytes [from, to) of `head` followed by `rest`: a view, or a copy when the range spans both. */
export function joinedSlice(head: Buffer, rest: Buffer, from: number, to: number): Buffer {
  const split = head.length;
  if (to <= split) return head.subarray(from, to);
  if (from >= split) return rest.subarray(from - split, to - split);
  return Buffer.concat([head.subarray(from), rest.subarray(0, to - split)]);
}

/**
 * `splitLines` of `head` followed by `rest`, where `head` holds no newline (the start of a
 * line an earlier read cut): only that first line is copied, not the whole read.
 */
export function splitJoined(head: Buffer, rest: Buffer, start: number, skipFirst = false) {
  if (head.length === 0) return splitLines(rest, start, skipFirst);
  const newline = rest.indexOf(NEWLINE);
  if (newline < 0) return { lines: [], complete: 0 };
  const first = splitLines(Buffer.concat([head, rest.subarray(0, newline + 1)]), start, skipFirst);
  const more = splitLines(rest.subarray(newline + 1), start + first.complete);
  return { lines: first.lines.concat(more.lines), complete: first.complete + more.complete };
}
