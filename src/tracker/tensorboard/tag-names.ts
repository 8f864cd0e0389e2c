const MAX_ENTRIES = 256;

/**
 * Tag strings by their bytes: an event file repeats a handful of tags millions of times, and
 * comparing a few bytes is cheaper than decoding them into a new string at every point.
 */
export class TagNames {
  readonly #bytes: Buffer[] = [];
  readonly #texts: string[] = [];

  name(source: Buffer, start: number, end: number): string {
    const length = end - start;
    for (let i = 0; i < this.#bytes.length; i++) {
      const known = this.#bytes[i] as Buffer;
      if (known.length !== length) continue;
      let j = 0;
      while (j < length && known[j] === source[start + j]) j++;
      if (j === length) return this.#texts[i] as string;
    }
    const text = source.toString('utf8', start, end);
    if (this.#bytes.length < MAX_ENTRIES) {
      this.#bytes.push(Buffer.from(source.subarray(start, end)));
      this.#texts.push(text);
    }
    return text;
  }
}
