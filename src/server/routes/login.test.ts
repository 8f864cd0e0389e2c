import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';
import { createLogins, LOGIN_CODE_TTL_MS } from '../login.js';

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
    const logins = createLogins(() => now);
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
