import { describe, expect, it } from 'vitest';
import { LineBuffer } from './line-buffer.js';

const text = (b: Buffer | undefined) => b?.toString('utf8');

describe('LineBuffer', () => {
  it('passes whole lines and holds the unfinished one', () => {
    const lines = new LineBuffer();
    expect(text(lines.push(Buffer.from('a\nb')))).toBe('a\n');
    expect(text(lines.push(Buffer.from('c')))).toBeUndefined();
    expect(text(lines.push(Buffer.from('d\ne\nf')))).toBe('bcd\ne\n');
    expect(text(lines.flush())).toBe('f');
    expect(lines.flush()).toBeUndefined();
  });

  it('lets a line without an end out once it grows past 64 KiB', () => {
    const lines = new LineBuffer();
    const bar = Buffer.alloc(40 * 1024, '\r');
    expect(lines.push(bar)).toBeUndefined();
    expect(lines.push(bar)?.length).toBe(80 * 1024);
  });

  it('keeps a multi-byte character split across chunks whole', () => {
    const lines = new LineBuffer();
    const bytes = Buffer.from('é\n');
    lines.push(bytes.subarray(0, 1));
    expect(text(lines.push(bytes.subarray(1)))).toBe('é\n');
  });
});
