import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

function reader() {
  const server = serverUnderTest();
  const token = server.tokens.create('viewer', 'read');
  const get = async (path: string) => {
    const res = await server.request(path, { token });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { ...server, get };
}

describe('site routes', () => {
  it('GET /api/sites lists the shipped profiles with groups and pools', async () => {
    const { get } = reader();
    const { status, body } = await get('/api/sites');
    expect(status).toBe(200);
    const sites = body['sites'] as Array<{
      name: string;
      groups: Array<{ name: string; jobHost: string }>;
    }>;
    expect(sites.map((s) => s.name)).toEqual(expect.arrayContaining(['sjtu', 'hkust-superpod']));
    expect(sites.find((s) => s.name === 'sjtu')?.groups).toContainEqual(
      expect.objectContaining({ name: 'sy', jobHost: 'sylogin.hpc.sjtu.edu.cn' }),
    );
  });

  it('GET /api/sites/{site}/route says which node and why, and asks for one target', async () => {
    const { get } = reader();
    const ok = await get('/api/sites/sjtu/route?path=/lustre/home/a/u&mapTo=vault');
    expect(ok.body).toMatchObject({
      host: 'data.hpc.sjtu.edu.cn',
      pool: 'lustre',
      mappedPath: '/vault/home/a/u',
    });
    const two = await get('/api/sites/sjtu/route?partition=a100&path=/x');
    expect(two.status).toBe(400);
    const unknown = await get('/api/sites/nowhere/route?partition=a100');
    expect(unknown.status).toBe(400);
    expect(unknown.body['hint']).toMatch(/Known sites/);
  });

  it('GET /api/data/copies answers with no copies yet, without touching a cluster', async () => {
    const { get, commands } = reader();
    expect((await get('/api/data/copies')).body).toEqual({ copies: [] });
    expect(commands).toEqual([]);
  });
});

describe('data copy routes', () => {
  it('asks before starting a copy, and nothing runs on the cluster until the token comes back', async () => {
    const server = serverUnderTest();
    const reader = server.tokens.create('viewer', 'read');
    const operator = server.tokens.create('alice', 'operate');
    const body = { cluster: 'dev', source: '/scratch/a/', target: '/scratch/b/', parallel: 4 };
    const post = (token: string, extra: Record<string, unknown> = {}) =>
      server.request('/api/data/copies', {
        method: 'POST',
        token,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, ...extra }),
      });
    expect((await post(reader)).status).toBe(403);
    const first = await post(operator);
    expect(first.status).toBe(200);
    const asked = (await first.json()) as Record<string, string>;
    expect(asked).toMatchObject({
      status: 'confirmation_required',
      cluster: 'dev',
      target: '/scratch/b/',
    });
    expect(asked['summary']).toBe(
      'Copy /scratch/a/ to /scratch/b/ with rsync in 4 streams on cluster dev: files there that differ are overwritten.',
    );
    expect(server.commands).toEqual([]);
    // The token is bound to the body: another target does not go through.
    const other = await post(operator, {
      target: '/elsewhere/',
      confirmToken: asked['confirmToken'],
    });
    expect(other.status).toBe(409);
    expect(server.commands).toEqual([]);
  });

  it('says a copy it does not know is not found', async () => {
    const server = serverUnderTest();
    const operator = server.tokens.create('alice', 'operate');
    const res = await server.request('/api/data/copies/deadbeef/cancel', {
      method: 'POST',
      token: operator,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as Record<string, string>)['hint']).toContain('/api/data/copies');
  });
});
