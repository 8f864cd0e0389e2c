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
