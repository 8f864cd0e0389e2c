import { describe, expect, it } from 'vitest';
import { siteProfile } from './profiles.js';
import { mapPath, poolOfPath } from './pools.js';

const sjtu = siteProfile('sjtu', { user: '/nonexistent' }).profile;

describe('pools of a site', () => {
  it('finds the pool by the longest mount point', () => {
    expect(poolOfPath('sjtu', sjtu, '/lustre/home/acct-hpc/u')[0]).toBe('lustre');
    expect(poolOfPath('sjtu', sjtu, '/union/x')[0]).toBe('union');
    expect(poolOfPath('sjtu', sjtu, '/archive')[0]).toBe('archive');
  });

  it('does not take a longer name for a folder of the pool', () => {
    expect(() => poolOfPath('sjtu', sjtu, '/lustre2/x')).toThrow(/on no storage pool/);
  });

  it('maps a path between pools, both ways', () => {
    expect(mapPath('sjtu', sjtu, '/lustre/home/acct-hpc/u', 'archive')).toBe(
      '/archive/home/acct-hpc/u',
    );
    expect(mapPath('sjtu', sjtu, '/archive/home/acct-hpc/u/', 'lustre')).toBe(
      '/lustre/home/acct-hpc/u',
    );
    expect(mapPath('sjtu', sjtu, '/vault', 'union')).toBe('/union');
    expect(mapPath('sjtu', sjtu, '/dssg/a/../b', 'vault')).toBe('/vault/b');
  });

  it('asks for an absolute path and a known pool', () => {
    expect(() => mapPath('sjtu', sjtu, 'home/u', 'archive')).toThrow(/not an absolute path/);
    expect(() => mapPath('sjtu', sjtu, '/lustre/u', 'tape')).toThrow(/no storage pool "tape"/);
  });
});
