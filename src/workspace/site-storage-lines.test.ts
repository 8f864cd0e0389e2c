import { describe, expect, it } from 'vitest';
import { storageLines } from './site-storage-lines.js';

const GiB = 2 ** 30;

describe('storageLines', () => {
  it('gives one line per user or account, its pools side by side', () => {
    expect(
      storageLines({
        entries: [
          { scope: 'user', name: 'alice', usedBytes: 12 * GiB, limitBytes: 500 * GiB },
          {
            scope: 'account',
            name: 'acct-hpc',
            pool: 'lustre',
            usedBytes: 800 * GiB,
            limitBytes: 1024 * GiB,
            usedFiles: 5,
            limitFiles: 100,
          },
          { scope: 'account', name: 'acct-hpc', pool: 'archive', usedBytes: 10 * GiB },
        ],
      }),
    ).toEqual([
      'storage of user alice: 12.0G of 500G',
      'storage of account acct-hpc: lustre 800G of 1.0T, 5 of 100 files; archive 10.0G (no limit)',
    ]);
  });

  it('says in one line why there is none, and which parts were not read', () => {
    expect(storageLines({ unavailable: 'site dev has no API that reports storage quota' })).toEqual(
      ['storage quota: not available (site dev has no API that reports storage quota)'],
    );
    expect(
      storageLines({
        entries: [{ scope: 'user', name: 'u', usedBytes: 0, limitBytes: GiB }],
        errors: ['account a: the site API failed (500)'],
      }),
    ).toEqual([
      'storage of user u: 0B of 1.0G',
      'storage quota: not read for account a: the site API failed (500)',
    ]);
  });
});
