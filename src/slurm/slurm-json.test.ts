import { describe, expect, it } from 'vitest';
import { at, jsonNumber, jsonString, jsonStrings, jsonTime } from './slurm-json.js';

describe('jsonNumber accepts 22.05 plain numbers and 23.02+ wrappers', () => {
  it.each([
    ['22.05 plain number', 1440, 1440],
    ['22.05 null', null, undefined],
    ['numeric string', '42', 42],
    ['wrapper, set', { set: true, infinite: false, number: 1440 }, 1440],
    ['wrapper, not set', { set: false, infinite: false, number: 0 }, undefined],
    ['wrapper, infinite', { set: false, infinite: true, number: 0 }, Infinity],
    ['wrapper without infinite key', { set: true, number: 7 }, 7],
    ['garbage', { foo: 1 }, undefined],
    ['text', 'UNLIMITED', undefined],
  ])('%s', (_label, value, expected) => {
    expect(jsonNumber(value)).toBe(expected);
  });
});

describe('other readers', () => {
  it('reads strings and string lists the same way whatever the version', () => {
    expect(jsonString('')).toBeUndefined();
    expect(jsonStrings('RUNNING')).toEqual(['RUNNING']);
    expect(jsonStrings(['RUNNING', 'COMPLETING'])).toEqual(['RUNNING', 'COMPLETING']);
    expect(jsonStrings(undefined)).toEqual([]);
  });

  it('turns epoch seconds, plain or wrapped, into UTC time stamps; 0 is "not yet"', () => {
    expect(jsonTime(1746693312)).toBe('2025-05-08T08:35:12Z');
    expect(jsonTime({ set: true, infinite: false, number: 1746693312 })).toBe(
      '2025-05-08T08:35:12Z',
    );
    expect(jsonTime(0)).toBeUndefined();
  });

  it('follows paths safely', () => {
    expect(at({ a: { b: 1 } }, 'a', 'b')).toBe(1);
    expect(at({ a: 1 }, 'a', 'b')).toBeUndefined();
  });
});
