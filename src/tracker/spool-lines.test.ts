import { describe, expect, it } from 'vitest';
import { joinedSlice, splitJoined, splitLines } from './spool-lines.js';

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

  it('splits a held line start and a new read as it splits the two joined, at every cut', () => {
    const text = Buffer.from('{"k":"größe"}\n\r\n{"a":1}\n\n{"b":2}\n{"c"');
    for (let cut = 0; cut <= text.length; cut++) {
      const head = text.subarray(0, cut);
      if (head.includes(0x0a)) continue; // a held line start has no newline
      for (const skip of [false, true]) {
        expect(splitJoined(head, text.subarray(cut), 9, skip)).toEqual(splitLines(text, 9, skip));
      }
    }
  });

  it('slices the joined bytes across the join', () => {
    const [head, rest] = [Buffer.from('abc'), Buffer.from('defg')];
    for (let from = 0; from <= 7; from++)
      for (let to = from; to <= 7; to++)
        expect(joinedSlice(head, rest, from, to).toString()).toBe('abcdefg'.slice(from, to));
  });
});
