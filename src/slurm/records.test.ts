import { describe, expect, it } from 'vitest';
import { FIELD_SEP as S, integer, splitRecords, text } from './records.js';

describe('splitRecords', () => {
  it('keeps separators inside the last field, which is free text', () => {
    expect(splitRecords(`1${S}a${S}b${S}c\n`, 2)).toEqual([['1', `a${S}b${S}c`]]);
  });

  it('glues a line without separators back onto the previous record (newline in a name)', () => {
    expect(splitRecords(`1${S}first\nsecond\n2${S}x\n`, 2)).toEqual([
      ['1', 'first\nsecond'],
      ['2', 'x'],
    ]);
  });

  it('skips lines with too few fields instead of guessing', () => {
    expect(splitRecords(`1${S}2\n3${S}4${S}5\n`, 3)).toEqual([['3', '4', '5']]);
  });

  it('returns nothing for empty output', () => {
    expect(splitRecords('', 4)).toEqual([]);
  });
});

describe('text and integer', () => {
  it.each(['(null)', 'N/A', 'None', 'none', '', '  ', 'Unknown'])('reads %j as missing', (v) => {
    expect(text(v)).toBeUndefined();
  });

  it('trims real values and parses integers only', () => {
    expect(text(' gpu ')).toBe('gpu');
    expect(integer('42')).toBe(42);
    expect(integer('1-2')).toBeUndefined();
    expect(integer('N/A')).toBeUndefined();
  });
});
