import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format.js';

describe('formatDuration', () => {
  it.each([
    [undefined, '-'],
    [null, 'UNLIMITED'],
    [5, '0:05'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [90_061, '1-01:01:01'],
  ])('formats %s as %s', (input, expected) => {
    expect(formatDuration(input)).toBe(expected);
  });
});

describe('formatBytes', () => {
  it.each([
    [undefined, '-'],
    [512, '512B'],
    [1536, '1.5K'],
    [5 * 2 ** 30, '5.0G'],
    [40 * 2 ** 30, '40.0G'],
    [400 * 2 ** 30, '400G'],
  ])('formats %s as %s', (input, expected) => {
    expect(formatBytes(input)).toBe(expected);
  });
});
