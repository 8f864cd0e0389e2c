import { describe, expect, it } from 'vitest';
import { splitLines } from './spool-lines.js';

describe('splitLines', () => {
  it('returns complete lines with the offset past each, and leaves the partial last line', () => {
    const bytes = Buffer.from('{"a":1}\n{"b":2}\n{"c"');
    expect(splitLines(bytes, 100)).toEqual({
      lines: [
        { text: '{"a":1}', end: 108 },
        { text: '{"b":2}', end: 116 },
      ],
      complete: 16,
    });
  });

  it('keeps a multi-byte character whole when a read boundary cuts it (decoded per line)', () => {
    const whole = Buffer.from('{"k":"größe"}\n');
    const cut = whole.subarray(0, 9); // inside "ö"
    expect(splitLines(cut, 0)).toEqual({ lines: [], complete: 0 });
    expect(splitLines(whole, 0).lines[0]?.text).toBe('{"k":"größe"}');
  });

  it('passes over blank lines but counts their bytes', () => {
    expect(splitLines(Buffer.from('\n\r\n{"a":1}\n\n'), 0)).toEqual({
      lines: [{ text: '{"a":1}', end: 11 }],
      complete: 12,
    });
  });

  it('drops the first line when asked (the tail of a line too long to keep)', () => {
    expect(splitLines(Buffer.from('xxxx}\n{"a":1}\n'), 50, true)).toEqual({
      lines: [{ text: '{"a":1}', end: 64 }],
      complete: 14,
    });
  });

  it('returns nothing for bytes without a newline', () => {
    expect(splitLines(Buffer.from('{"a":'), 0)).toEqual({ lines: [], complete: 0 });
  });
});
