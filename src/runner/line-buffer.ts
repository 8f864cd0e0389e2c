const NEWLINE = 0x0a;
/** A progress bar redrawn with \r never ends its line; past this, what we hold goes out as is. */
const MAX_PENDING = 64 * 1024;

/**
 * Holds a stream's unfinished last line, so stdout and stderr interleave in one log line by line
 * in the order lines were completed, never mid-line.
 */
export class LineBuffer {
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  /** Whole lines ready to write (with their newlines), or undefined while a line is unfinished. */
  push(chunk: Buffer): Buffer | undefined {
    const end = chunk.lastIndexOf(NEWLINE);
    if (end === -1) {
      this.#hold(chunk);
      return this.#pendingBytes > MAX_PENDING ? this.flush() : undefined;
    }
    const ready = Buffer.concat([...this.#pending, chunk.subarray(0, end + 1)]);
    this.#pending = [];
    this.#pendingBytes = 0;
    if (end + 1 < chunk.length) this.#hold(chunk.subarray(end + 1));
    return ready;
  }

  /** The unfinished line, when the stream ends. */
  flush(): Buffer | undefined {
    if (this.#pendingBytes === 0) return undefined;
    const rest = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    return rest;
  }

  #hold(part: Buffer): void {
    this.#pending.push(part);
    this.#pendingBytes += part.length;
  }
}
