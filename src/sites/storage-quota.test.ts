import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSjtuApi, type FakeSjtuApi } from '../../test/helpers/fake-sjtu-api.js';
import { siteProfileSchema } from './profile-schema.js';
import { siteStorageQuota } from './storage-quota.js';

let fake: FakeSjtuApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const profileWith = (base?: string) =>
  siteProfileSchema.parse({
    groups: { pi: { partitions: ['cpu'], entry: { job: 'pilogin' } } },
    ...(base ? { api: { kind: 'sjtu', base } } : {}),
  });
const GiB = 2 ** 30;

describe('storage quota from the site API', () => {
  it('reads the user’s and each account’s quota, per pool, without logging in', async () => {
    fake = await startFakeSjtuApi({
      quotas: {
        'account:acct-hpc': [
          { pool: 'lustre', used_gb: 800, limit_gb: 1024 },
          { pool: 'archive', used_gb: 10, limit_gb: 2048 },
        ],
      },
    });
    const quota = await siteStorageQuota('sjtu', profileWith(fake.base), {
      user: 'alice',
      accounts: ['acct-hpc', 'acct-hpc'],
    });
    expect(quota).toEqual({
      entries: [
        { scope: 'user', name: 'alice', usedBytes: 12 * GiB, limitBytes: 500 * GiB },
        {
          scope: 'account',
          name: 'acct-hpc',
          pool: 'lustre',
          usedBytes: 800 * GiB,
          limitBytes: 1024 * GiB,
        },
        {
          scope: 'account',
          name: 'acct-hpc',
          pool: 'archive',
          usedBytes: 10 * GiB,
          limitBytes: 2048 * GiB,
        },
      ],
    });
    const asked = fake.requests.filter((r) => r.path === '/quota');
    expect(asked).toHaveLength(2);
    expect(asked.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('says in one line that a site has no API, or that its API did not answer', async () => {
    expect(await siteStorageQuota('dev', profileWith(), { user: 'u', accounts: [] })).toEqual({
      unavailable: 'site dev has no API that reports storage quota',
    });
    fake = await startFakeSjtuApi();
    const base = fake.base;
    await fake.close();
    fake = undefined;
    const gone = await siteStorageQuota('sjtu', profileWith(base), { user: 'u', accounts: ['a'] });
    expect(gone).toMatchObject({
      unavailable: expect.stringContaining(`the site API (${base}) did not answer`),
    });
  });
});
