import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSjtuApi, type FakeSjtuApi } from '../../test/helpers/fake-sjtu-api.js';
import { listCredentials } from './credential-list.js';
import { siteProfileSchema } from './profile-schema.js';
import { requestCertificate, siteLogin, siteQuota, siteToken } from './site-api.js';

let fake: FakeSjtuApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setUp(settings: Parameters<typeof startFakeSjtuApi>[0] = {}) {
  fake = await startFakeSjtuApi(settings);
  const profile = siteProfileSchema.parse({
    groups: { pi: { partitions: ['cpu'], entry: { job: 'pilogin' } } },
    api: { kind: 'sjtu', base: fake.base },
  });
  const root = join(mkdtempSync(join(tmpdir(), 'sdeck-siteapi-')), 'credentials');
  return { fake, ctx: { site: 'sjtu', profile, root } };
}

const PASSWORD = 'correct horse';

describe('the SJTU API flows', () => {
  it('logs in: the token is kept 0600, the password nowhere', async () => {
    const { fake, ctx } = await setUp();
    const stored = await siteLogin(ctx, 'alice', PASSWORD);
    const file = join(ctx.root, 'sjtu', 'api.token.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);
    expect(stored.expiresAt).toBeDefined();
    expect(fake.requests.filter((r) => r.body.includes(PASSWORD)).map((r) => r.path)).toEqual([
      '/token',
    ]);
  });

  it('says a wrong password is wrong, without repeating it', async () => {
    const { ctx } = await setUp();
    const error = await siteLogin(ctx, 'alice', 'nope-secret').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CREDENTIALS_INVALID',
      hint: expect.stringContaining('site login'),
    });
    expect(String((error as Error).message)).not.toContain('nope-secret');
  });

  it('waits for the approval, then stores key and certificate 0600', async () => {
    const { fake, ctx } = await setUp({ manualApproval: true });
    await siteLogin(ctx, 'alice', PASSWORD);
    let waited = false;
    const pending = requestCertificate(ctx, {
      validSeconds: 3600,
      onWaiting: () => {
        waited = true;
        setTimeout(() => fake.approve(), 300);
      },
    });
    const cert = await pending;
    expect(waited).toBe(true);
    for (const f of [cert.identityFile, cert.certificateFile])
      expect(statSync(f).mode & 0o777).toBe(0o600);
    expect((cert.expires?.getTime() ?? 0) - Date.now()).toBeGreaterThan(55 * 60_000);
    const listed = await listCredentials(ctx.root);
    expect(listed.find((e) => e.kind === 'certificate')).toMatchObject({
      owner: 'alice',
      status: 'ok',
    });
  });

  it('tells a refusal, a missing second channel and an internal error apart', async () => {
    const refused = await setUp({ manualApproval: true });
    await siteLogin(refused.ctx, 'alice', PASSWORD);
    const refusal = requestCertificate(refused.ctx, {
      validSeconds: 600,
      onWaiting: () => setTimeout(() => refused.fake.refuse(), 100),
    });
    await expect(refusal).rejects.toMatchObject({
      code: 'NOT_PERMITTED',
      message: expect.stringContaining('refused the request'),
    });
    await fake?.close();

    const unbound = await setUp({ noSecondChannel: true });
    await siteLogin(unbound.ctx, 'alice', PASSWORD);
    await expect(requestCertificate(unbound.ctx, { validSeconds: 600 })).rejects.toMatchObject({
      hint: expect.stringContaining('https://docs.hpc.sjtu.edu.cn/accounts/security.html'),
    });
    await fake?.close();

    const broken = await setUp({ internalErrorOnSign: true });
    await siteLogin(broken.ctx, 'alice', PASSWORD);
    await expect(requestCertificate(broken.ctx, { validSeconds: 600 })).rejects.toMatchObject({
      hint: expect.stringContaining('session id 7f3a-22b1'),
    });
  });

  it('can be cancelled while it waits for the approval', async () => {
    const { ctx } = await setUp({ manualApproval: true });
    await siteLogin(ctx, 'alice', PASSWORD);
    const abort = new AbortController();
    const pending = requestCertificate(ctx, {
      validSeconds: 600,
      signal: abort.signal,
      onWaiting: () => setTimeout(() => abort.abort(), 100),
    });
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('refreshes a token past two thirds of its life, and asks to log in once it expired', async () => {
    // JWT expiry is in whole seconds: a 6 s token lives 5-6 s, so 4.3 s is past two thirds of it.
    const { fake, ctx } = await setUp({ tokenTtlS: 6 });
    const first = await siteLogin(ctx, 'alice', PASSWORD);
    await new Promise((r) => setTimeout(r, 4300));
    const refreshed = await siteToken(ctx);
    expect(refreshed.token).not.toBe(first.token);
    expect(fake.requests.some((r) => r.method === 'PATCH' && r.path === '/token')).toBe(true);
    await new Promise((r) => setTimeout(r, 6200));
    await expect(siteQuota(ctx)).rejects.toMatchObject({ code: 'CREDENTIALS_INVALID' });
  }, 30_000);

  it('reads the quota of the user and of the account their home belongs to', async () => {
    const { ctx } = await setUp();
    await siteLogin(ctx, 'alice', PASSWORD);
    const quota = await siteQuota(ctx);
    expect(quota).toMatchObject({
      user: 'alice',
      account: 'acct-hpc',
      userQuota: { name: 'alice', type: 'user' },
      accountQuota: { name: 'acct-hpc', type: 'account' },
    });
  });
});
