import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize, parseTimestamp } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0:05', 5],
    ['1:00', 60],
    ['00:01:06', 66],
    ['1-00:00:00', 86_400],
    ['2-03:04:05', 2 * 86_400 + 3 * 3600 + 4 * 60 + 5],
    ['1-02:30', 86_400 + 2 * 3600 + 30 * 60],
    ['2-12', 2 * 86_400 + 12 * 3600],
    ['30', 1800],
    ['00:00:01.500', 1.5],
    ['UNLIMITED', null],
    ['infinite', null],
    ['NOT_SET', undefined],
    ['Partition_Limit', undefined],
    ['INVALID', undefined],
    ['N/A', undefined],
  ] as const)('reads %j as %j seconds', (raw, seconds) => {
    expect(parseDuration(raw)).toBe(seconds);
  });
});

describe('parseSize', () => {
  it.each([
    ['3153920', 3_153_920],
    ['512K', 512 * 1024],
    ['500M', 500 * 2 ** 20],
    ['1.50G', Math.round(1.5 * 2 ** 30)],
    ['4000Mn', 4000 * 2 ** 20],
    ['', undefined],
    ['16?', undefined],
  ] as const)('reads %j as %j bytes', (raw, bytes) => {
    expect(parseSize(raw)).toBe(bytes);
  });

  it('applies the unit of bare numbers when told', () => {
    expect(parseSize('4000', 'M')).toBe(4000 * 2 ** 20);
  });
});

describe('parseTimestamp', () => {
  it('keeps Slurm local time stamps and drops N/A, None, Unknown', () => {
    expect(parseTimestamp('2026-11-22T14:54:38')).toBe('2026-11-22T14:54:38');
    for (const v of ['N/A', 'None', 'Unknown', 'Tomorr 12:00'])
      expect(parseTimestamp(v)).toBeUndefined();
  });
});
