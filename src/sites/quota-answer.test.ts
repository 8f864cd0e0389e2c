import { describe, expect, it } from 'vitest';
import { parseQuotaAnswer } from './quota-answer.js';

const GiB = 2 ** 30;

describe('the site API’s quota answer', () => {
  it('reads one used/limit in GB, as the SJTU API answers', () => {
    const answer = { name: 'alice', type: 'user', used_gb: 12, limit_gb: 500 };
    expect(parseQuotaAnswer(answer, 'user', 'alice')).toEqual([
      { scope: 'user', name: 'alice', usedBytes: 12 * GiB, limitBytes: 500 * GiB },
    ]);
  });

  it('reads one line per pool, from a list under data, with units in keys or values', () => {
    const answer = {
      data: [
        { fs: 'lustre', used_tb: 1.5, quota_tb: 5, files: 120000, file_limit: 1000000 },
        { pool: 'archive', used: '300G', limit: '2T' },
        { pool: 'vault', note: 'no numbers here' },
      ],
    };
    expect(parseQuotaAnswer(answer, 'account', 'acct-hpc')).toEqual([
      {
        scope: 'account',
        name: 'acct-hpc',
        pool: 'lustre',
        usedBytes: 1.5 * 2 ** 40,
        limitBytes: 5 * 2 ** 40,
        usedFiles: 120000,
        limitFiles: 1000000,
      },
      {
        scope: 'account',
        name: 'acct-hpc',
        pool: 'archive',
        usedBytes: 300 * GiB,
        limitBytes: 2 * 2 ** 40,
      },
    ]);
  });

  it('guesses nothing from what it cannot read', () => {
    expect(parseQuotaAnswer('quota service down', 'user', 'u')).toEqual([]);
    expect(parseQuotaAnswer({ quota_type: 'user', blocks: 10 }, 'user', 'u')).toEqual([]);
    expect(parseQuotaAnswer({ used: 'lots' }, 'user', 'u')).toEqual([]);
  });
});
