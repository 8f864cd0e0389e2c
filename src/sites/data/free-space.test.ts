import { describe, expect, it } from 'vitest';
import { siteProfile } from '../profiles.js';
import { parseDf, writableColdPools } from './free-space.js';

describe('free space of pools', () => {
  it('reads df -P -B1 rows in the order asked', () => {
    const out = `Filesystem         1-blocks        Used   Available Capacity Mounted on
nfs1:/archive   1000000000000 900000000000 100000000000      90% /archive
nfs2:/vault     1000000000000 100000000000 900000000000      10% /vault
`;
    expect(parseDf(out, ['/archive', '/vault'])).toEqual(
      new Map([
        ['/archive', 100_000_000_000],
        ['/vault', 900_000_000_000],
      ]),
    );
  });

  it('writes to real cold pools, never to the merged view', () => {
    expect(writableColdPools(siteProfile('sjtu', { user: '/nonexistent' }).profile)).toEqual([
      'archive',
      'vault',
    ]);
  });
});
