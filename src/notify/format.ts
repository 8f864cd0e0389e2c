/** Cuts a string to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Cuts a string to `max` UTF-8 bytes (WeCom counts bytes), never inside a character. */
export function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (used + size > max - 3) break;
    out += char;
    used += size;
  }
  return `${out}…`;
}
