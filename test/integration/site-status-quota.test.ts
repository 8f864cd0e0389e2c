import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StorageQuota } from '../../src/sites/index.js';
import { startFakeSjtuApi, type FakeSjtuApi } from '../helpers/fake-sjtu-api.js';
import { call, stdioClient } from '../helpers/mcp-clients.js';
import { runCli } from '../helpers/run-cli.js';
import { devSite, devSiteEnv } from './dev-site.js';

// `status --site` on the dev site: CPU/GPU hours from sshare (account lab), and storage quota
// from a local copy of the SJTU API named in the site profile; without one, a line says so.
const site = devSite();
const GiB = 2 ** 30;
let fake: FakeSjtuApi;

/** The dev site's profile in the user's profile folder, with the fake API at `base`. */
function envWithApi(base: string): NodeJS.ProcessEnv {
  const env = devSiteEnv(inject('configFile'), 'main');
  const profile = join(env['XDG_CONFIG_HOME'] as string, 'slurmdeck', 'sites', `${site.name}.yaml`);
  appendFileSync(profile, `api:\n  kind: sjtu\n  base: ${base}\n`);
  return env;
}
const status = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  runCli(['--site', site.name, 'status', ...args], env, 90_000);

beforeAll(async () => {
  fake = await startFakeSjtuApi({
    quotas: {
      [`user:${site.login.user}`]: [
        { pool: 'home', used_gb: 3, limit_gb: 100 },
        { pool: 'archive', used_gb: 1, limit_gb: 16 },
      ],
      'account:lab': { used_tb: 1.5, limit_tb: 10, files: 2000, file_limit: 1000000 },
    },
  });
});
afterAll(() => fake.close());

describe('status at a site with storage quota from its API', () => {
  it('shows the user’s quota per pool and the account’s beside the CPU/GPU hours', async () => {
    const env = envWithApi(fake.base);
    const json = await status(env, '--json');
    expect(json.code, json.stderr).toBe(0);
    const shown = JSON.parse(json.stdout) as { storage: StorageQuota; usage: unknown };
    expect(shown.usage).toMatchObject({ accounts: [expect.objectContaining({ account: 'lab' })] });
    expect(shown.storage).toEqual({
      entries: [
        {
          scope: 'user',
          name: site.login.user,
          pool: 'home',
          usedBytes: 3 * GiB,
          limitBytes: 100 * GiB,
        },
        {
          scope: 'user',
          name: site.login.user,
          pool: 'archive',
          usedBytes: GiB,
          limitBytes: 16 * GiB,
        },
        {
          scope: 'account',
          name: 'lab',
          usedBytes: 1.5 * 2 ** 40,
          limitBytes: 10 * 2 ** 40,
          usedFiles: 2000,
          limitFiles: 1000000,
        },
      ],
    });
    const text = await status(env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^account lab: CPU .* of 10000 h/m);
    expect(text.stdout).toContain(
      `storage of user ${site.login.user}: home 3.0G of 100G; archive 1.0G of 16.0G`,
    );
    expect(text.stdout).toContain('storage of account lab: 1.5T of 10.0T, 2000 of 1000000 files');
  });

  it('gives an agent the same through site_quota (a real MCP client over stdio)', async () => {
    const { client } = await stdioClient(envWithApi(fake.base) as Record<string, string>);
    try {
      const answer = await call<{ usage: unknown; storage: StorageQuota }>(client, 'site_quota', {
        site: site.name,
      });
      expect(answer.isError, answer.text).toBe(false);
      expect(answer.data.usage).toMatchObject({
        accounts: [expect.objectContaining({ account: 'lab' })],
      });
      expect(answer.data.storage).toMatchObject({
        entries: expect.arrayContaining([
          expect.objectContaining({ scope: 'account', name: 'lab' }),
        ]),
      });
      expect(answer.text).toContain('storage of account lab: 1.5T of 10.0T');
      expect(answer.text).toMatch(/account lab: CPU /);
    } finally {
      await client.close();
    }
  });

  it('says in one line when the site has no API, or its API does not answer, and shows the rest', async () => {
    const plain = await status(devSiteEnv(inject('configFile'), 'main'));
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(
      `storage quota: not available (site ${site.name} has no API that reports storage quota)`,
    );
    expect(plain.stdout).toContain('PARTITION');
    expect(plain.stdout).toMatch(/^account lab: CPU /m);

    const gone = await startFakeSjtuApi();
    const base = gone.base;
    await gone.close();
    const down = await status(envWithApi(base));
    expect(down.code, down.stderr).toBe(0);
    const lines = down.stdout.split('\n').filter((l) => l.startsWith('storage'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `storage quota: not available (the site API (${base}) did not answer`,
    );
    expect(down.stdout).toMatch(/^account lab: CPU /m);
  });
});
