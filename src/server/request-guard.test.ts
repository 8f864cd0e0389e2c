import { describe, expect, it } from 'vitest';
import { ORIGIN, serverUnderTest } from '../../test/helpers/server-fakes.js';
import { allowedHostnames, hostnameOf, refusal } from './request-guard.js';

describe('hostnameOf', () => {
  it.each([
    ['127.0.0.1:8080', '127.0.0.1'],
    ['[::1]:8080', '::1'],
    ['LocalHost', 'localhost'],
    ['::1', '::1'],
    ['lab.example.org:443', 'lab.example.org'],
  ])('%s -> %s', (host, name) => expect(hostnameOf(host)).toBe(name));
});

describe('refusal', () => {
  const policy = { hostnames: allowedHostnames('127.0.0.1'), origins: new Set<string>() };
  const ok = { method: 'GET', host: '127.0.0.1:8080', origin: undefined, secFetchSite: undefined };

  it('lets a same-origin request through', () => {
    expect(refusal({ ...ok, origin: 'http://127.0.0.1:8080' }, policy)).toBeUndefined();
  });

  it('refuses a Host that is not a loopback name when bound to loopback (DNS rebinding)', () => {
    expect(refusal({ ...ok, host: 'evil.example:8080' }, policy)).toMatch(/not a name/);
    expect(refusal({ ...ok, host: undefined }, policy)).toMatch(/not a name/);
  });

  it('refuses an Origin of another site, and one on another port', () => {
    expect(refusal({ ...ok, origin: 'https://evil.example' }, policy)).toMatch(/not this server/);
    expect(refusal({ ...ok, origin: 'http://127.0.0.1:9999' }, policy)).toMatch(/not this server/);
    expect(refusal({ ...ok, origin: 'null' }, policy)).toMatch(/not a URL/);
  });

  it('lets an origin named with --allow-origin through', () => {
    const proxied = { ...policy, origins: new Set(['https://lab.example.org']) };
    expect(refusal({ ...ok, origin: 'https://lab.example.org' }, proxied)).toBeUndefined();
  });

  it('refuses a cross-site state change even without an Origin header', () => {
    expect(refusal({ ...ok, method: 'POST', secFetchSite: 'cross-site' }, policy)).toMatch(
      /cross-site/,
    );
    expect(refusal({ ...ok, method: 'GET', secFetchSite: 'cross-site' }, policy)).toBeUndefined();
  });

  it('allows the bind address and --allow-host names besides loopback', () => {
    const names = allowedHostnames('10.0.0.5', ['lab.example.org']);
    expect([...names]).toEqual(
      expect.arrayContaining(['10.0.0.5', 'lab.example.org', 'localhost']),
    );
    expect(names.has('evil.example')).toBe(false);
  });
});

describe('the guard on every route', () => {
  it('answers 403 to a rebinding Host before looking at credentials, on pages too', async () => {
    const { request, tokens } = serverUnderTest();
    const token = tokens.create('ci', 'read');
    for (const path of ['/api/clusters', '/', '/login?code=x']) {
      const res = await request(path, { token, headers: { host: 'evil.example:8080' } });
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN');
    }
  });

  it('answers 403 to a cross-origin API call even with a valid token', async () => {
    const { request, tokens } = serverUnderTest();
    const token = tokens.create('ci', 'read');
    const res = await request('/api/clusters', {
      token,
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    const same = await request('/api/clusters', { token, headers: { origin: ORIGIN } });
    expect(same.status).toBe(200);
  });

  it('sets headers that keep other sites from framing or sniffing', async () => {
    const { request } = serverUnderTest();
    const res = await request('/api/clusters');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
