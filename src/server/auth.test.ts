import { describe, expect, it } from 'vitest';
import { ORIGIN, serverUnderTest } from '../../test/helpers/server-fakes.js';

describe('who may call the API', () => {
  it('refuses a request without a token or session with 401 and says how to get one', async () => {
    const { request } = serverUnderTest();
    const res = await request('/api/clusters');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const body = (await res.json()) as { code: string; hint: string };
    expect(body.code).toBe('UNAUTHENTICATED');
    expect(body.hint).toMatch(/token create/);
  });

  it('refuses a wrong token, and a token that was revoked', async () => {
    const { request, tokens } = serverUnderTest();
    const token = tokens.create('ci', 'read');
    expect((await request('/api/clusters', { token })).status).toBe(200);
    expect((await request('/api/clusters', { token: `${token}x` })).status).toBe(401);
    expect((await request('/api/clusters', { token: 'slurmdeck_guess' })).status).toBe(401);
    tokens.revoke('ci');
    expect((await request('/api/clusters', { token })).status).toBe(401);
  });

  it('refuses a malformed Authorization header even when a session cookie is there', async () => {
    const { request, logins } = serverUnderTest();
    const session = logins.redeem(logins.issueCode()) as string;
    const res = await request('/api/clusters', {
      headers: { authorization: 'Basic abc', cookie: `slurmdeck_session=${session}` },
    });
    expect(res.status).toBe(401);
  });

  it('lets a read token read but not end the session of a browser (roles apply per route)', async () => {
    const { request, tokens } = serverUnderTest();
    const read = tokens.create('viewer', 'read');
    expect((await request('/api/clusters', { token: read })).status).toBe(200);
    // Logout is for browsers; a token posting it is still authenticated and allowed (role read).
    expect((await request('/api/logout', { method: 'POST', token: read })).status).toBe(200);
  });

  it('never echoes a token or login code in an answer', async () => {
    const { request, tokens, logins } = serverUnderTest();
    const token = tokens.create('ci', 'read');
    const code = logins.issueCode();
    for (const res of [
      await request('/api/clusters', { token: `${token}x` }),
      await request(`/login?code=${code}x`),
      await request('/api/nope', { token }),
    ]) {
      const text = await res.text();
      expect(text).not.toContain(token);
      expect(text).not.toContain(code);
    }
  });
});

describe('browser sessions', () => {
  it('accepts the session cookie for reads', async () => {
    const { request, logins } = serverUnderTest();
    const session = logins.redeem(logins.issueCode()) as string;
    const res = await request('/api/clusters', {
      headers: { cookie: `slurmdeck_session=${session}` },
    });
    expect(res.status).toBe(200);
  });

  it('refuses a state change from a session without an Origin header', async () => {
    const { request, logins } = serverUnderTest();
    const session = logins.redeem(logins.issueCode()) as string;
    const cookie = `slurmdeck_session=${session}`;
    const bare = await request('/api/logout', { method: 'POST', headers: { cookie } });
    expect(bare.status).toBe(403);
    const same = await request('/api/logout', {
      method: 'POST',
      headers: { cookie, origin: ORIGIN },
    });
    expect(same.status).toBe(200);
    // Logged out: the cookie no longer works.
    expect((await request('/api/clusters', { headers: { cookie } })).status).toBe(401);
  });
});

describe('roles', () => {
  it('gives 403 to a token whose role is too low, naming the role it needs', async () => {
    const { request, tokens } = serverUnderTest();
    const read = tokens.create('viewer', 'read');
    const operate = tokens.create('bot', 'operate');
    const admin = tokens.create('lab', 'admin');
    for (const token of [read, operate]) {
      const res = await request('/api/tokens', { token });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { hint: string }).hint).toMatch(/--role admin/);
    }
    const res = await request('/api/tokens', { token: admin });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      tokens: [
        { name: 'bot', role: 'operate' },
        { name: 'lab', role: 'admin' },
        { name: 'viewer', role: 'read' },
      ],
    });
    for (const token of [read, operate, admin]) expect(text).not.toContain(token);
  });
});
