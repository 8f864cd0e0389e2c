import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { atLeast, parseVersion } from './version.js';

describe('parseVersion', () => {
  it('reads the real Debian output', () => {
    const raw = readFileSync(
      new URL('./fixtures/sinfo-version-22.05.txt', import.meta.url),
      'utf8',
    );
    expect(parseVersion(raw)).toEqual({ major: 22, minor: 5, patch: 8, raw: '22.05.8' });
  });

  it.each([
    ['slurm 22.05.8', 22, 5, 8],
    ['slurm 23.02.7', 23, 2, 7],
    ['slurm 24.11.0-0rc1', 24, 11, 0],
  ])('reads %j', (raw, major, minor, patch) => {
    expect(parseVersion(raw)).toMatchObject({ major, minor, patch });
  });

  it('refuses output without a version', () => {
    expect(() => parseVersion('sinfo: command not found')).toThrow(/cannot read a Slurm version/);
  });

  it('compares YY.MM releases', () => {
    const v = parseVersion('slurm 23.02.1');
    expect(atLeast(v, 23, 2)).toBe(true);
    expect(atLeast(v, 23, 11)).toBe(false);
    expect(atLeast(v, 22, 5)).toBe(true);
  });
});
