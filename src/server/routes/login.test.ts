import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORIGIN, serverUnderTest } from '../../../test/helpers/server-fakes.js';
import { openDatabase } from '../../store/index.js';
import { createLogins, LOGIN_CODE_TTL_MS, SESSION_TTL_MS } from '../login.js';

describe('GET /login', () => {
  it('turns a live code into an HttpOnly SameSite=Strict cookie and sends the browser on', async () => {
    const { request, logins } = serverUnderTest();
    const res = await request(`/login?code=${logins.issueCode()}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^slurmdeck_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = /^slurmdeck_session=([^;]+)/.exec(cookie)?.[1];
    const api = await request('/api/clusters', {
      headers: { cookie: `slurmdeck_session=${session}` },
    });
    expect(api.status).toBe(200);
  });

  it('takes each code once', async () => {
    const { request, logins } = serverUnderTest();
    const code = logins.issueCode();
    expect((await request(`/login?code=${code}`)).status).toBe(303);
    const again = await request(`/login?code=${code}`);
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a code older than ten minutes', () => {
    let now = 1_000_000;
    const logins = createLogins(openDatabase({ file: ':memory:' }), () => now);
    const code = logins.issueCode();
    now += LOGIN_CODE_TTL_MS + 1;
    expect(logins.redeem(code)).toBeUndefined();
    const fresh = logins.issueCode();
    now += LOGIN_CODE_TTL_MS - 1;
    expect(logins.redeem(fresh)).toBeDefined();
  });

  it('rate-limits guesses: after the limit even the right code is refused with 429', async () => {
    const { request, logins } = serverUnderTest({ loginAttemptsPerMinute: 3 });
    const code = logins.issueCode();
    for (let i = 0; i < 3; i++) expect((await request(`/login?code=guess${i}`)).status).toBe(401);
    const limited = await request(`/login?code=${code}`);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { code: string }).code).toBe('RATE_LIMITED');
  });
});

describe('browser sessions in the state database', () => {
  const cookieOf = (res: Response) =>
    /^(slurmdeck_session=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] as string;

  it('keep working for a new server on the same database, and a code issued elsewhere works', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'slurmdeck-logins-')), 'state.db');
    const first = serverUnderTest({ logins: createLogins(openDatabase({ file })) });
    // As `serve login-link` does it: another process, the same database.
    const code = createLogins(openDatabase({ file })).issueCode();
    const cookie = cookieOf(await first.request(`/login?code=${code}`));
    expect(cookie).toBeDefined();
    const restarted = serverUnderTest({ logins: createLogins(openDatabase({ file })) });
    expect((await restarted.request('/api/clusters', { headers: { cookie } })).status).toBe(200);
    // Logging out ends it for every server on that database.
    const out = await restarted.request('/api/logout', {
      method: 'POST',
      headers: { cookie, origin: ORIGIN },
    });
    expect(out.status).toBe(200);
    expect((await first.request('/api/clusters', { headers: { cookie } })).status).toBe(401);
  });

  it('keeps only hashes of codes and session ids', async () => {
    const db = openDatabase({ file: ':memory:' });
    const logins = createLogins(db);
    const spent = logins.issueCode();
    const waiting = logins.issueCode();
    const session = logins.redeem(spent) as string;
    const stored = JSON.stringify([
      db.prepare('SELECT * FROM login_codes').all(),
      db.prepare('SELECT * FROM login_sessions').all(),
    ]);
    expect(stored).toContain('"name":"browser"');
    for (const secret of [spent, waiting, session]) expect(stored).not.toContain(secret);
  });

  it('ends a session after twelve hours', () => {
    let now = 5_000_000;
    const logins = createLogins(openDatabase({ file: ':memory:' }), () => now);
    const session = logins.redeem(logins.issueCode()) as string;
    now += SESSION_TTL_MS - 1;
    expect(logins.session(session)).toMatchObject({ name: 'browser', role: 'admin' });
    now += 2;
    expect(logins.session(session)).toBeUndefined();
  });
});

describe('the Secure flag of the session cookie', () => {
  const secureAfterLogin = async (
    options: Parameters<typeof serverUnderTest>[0],
    proto?: string,
  ) => {
    const { request, logins } = serverUnderTest(options);
    const headers = proto === undefined ? undefined : { 'x-forwarded-proto': proto };
    const res = await request(`/login?code=${logins.issueCode()}`, { headers });
    expect(res.status).toBe(303);
    return /;\s*Secure/i.test(res.headers.get('set-cookie') ?? '');
  };

  it('is set over TLS, and behind a trusted proxy that says https', async () => {
    expect(await secureAfterLogin({ secureCookies: true })).toBe(true);
    expect(await secureAfterLogin({ trustProxy: true }, 'https')).toBe(true);
    expect(await secureAfterLogin({ trustProxy: true }, 'https, http')).toBe(true);
  });

  it('is not set for plain HTTP, nor for a forwarded https the server was not told to trust', async () => {
    expect(await secureAfterLogin({})).toBe(false);
    expect(await secureAfterLogin({}, 'https')).toBe(false);
    expect(await secureAfterLogin({ trustProxy: true }, 'http')).toBe(false);
    expect(await secureAfterLogin({ trustProxy: true })).toBe(false);
  });
});
