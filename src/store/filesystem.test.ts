import type { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { sharedFilesystem } from './filesystem.js';

const fakeStatfs = (type: number) => (() => ({ type })) as unknown as typeof statfsSync;

describe('sharedFilesystem', () => {
  it.each([
    [0x6969, 'nfs'],
    [0x0bd00bd0, 'lustre'],
    [0x47504653, 'gpfs'],
  ])('recognises magic %s as %s', (magic, name) => {
    expect(sharedFilesystem('/x', fakeStatfs(magic))).toBe(name);
  });

  it('treats ext4 and tmpfs as local', () => {
    expect(sharedFilesystem('/x', fakeStatfs(0xef53))).toBeUndefined();
    expect(sharedFilesystem('/x', fakeStatfs(0x01021994))).toBeUndefined();
  });

  it('reads the real filesystem of a local folder as local', () => {
    expect(sharedFilesystem(tmpdir())).toBeUndefined();
  });
});
