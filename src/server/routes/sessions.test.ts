import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

function operator() {
  const server = serverUnderTest();
  const token = server.tokens.create('bot', 'operate');
  const read = server.tokens.create('viewer', 'read');
  const call = async (path: string, body?: unknown, as = token) => {
    const res = await server.request(path, {
      token: as,
      ...(body === undefined
        ? {}
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  // Anything that would reach tmux or srun on the login host goes through `sh -c`.
  const remote = () => server.commands.filter((argv) => argv[0] === 'sh');
  return { ...server, token, read, call, remote };
}

const START = { name: 'train', partition: 'cpu', time: '30', cpus: 2 };

describe('POST /api/clusters/{cluster}/sessions (start)', () => {
  it('checks the request, then asks first: a summary with the srun flags and a token, nothing started', async () => {
    const { call, remote } = operator();
    const asked = await call('/api/clusters/dev/sessions', START);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      cluster: 'dev',
      name: 'train',
      status: 'confirmation_required',
      confirmToken: expect.any(String),
    });
    expect(asked.body['summary']).toMatch(
      /Start session "train" on cluster dev: .*--partition=cpu/,
    );
    expect(asked.body['summary']).toMatch(/--time=30/);
    expect(remote()).toEqual([]);
  });

  it('refuses a token for other arguments or another caller, starting nothing', async () => {
    const { call, remote, tokens } = operator();
    const asked = await call('/api/clusters/dev/sessions', START);
    const token = asked.body['confirmToken'];
    const changed = await call('/api/clusters/dev/sessions', {
      ...START,
      cpus: 64,
      confirmToken: token,
    });
    expect(changed.status).toBe(409);
    const other = tokens.create('other', 'operate');
    const stolen = await call(
      '/api/clusters/dev/sessions',
      { ...START, confirmToken: token },
      other,
    );
    expect(stolen.status).toBe(409);
    expect(remote()).toEqual([]);
  });

  it('refuses what would fail before asking: a bad name, a time over the limit, bad flags', async () => {
    const { call, read } = operator();
    const badName = await call('/api/clusters/dev/sessions', { ...START, name: '-rf' });
    expect(badName.status).toBe(400);
    expect(badName.body['confirmToken']).toBeUndefined();
    // The cpu partition allows at most a day.
    const tooLong = await call('/api/clusters/dev/sessions', { ...START, time: '3-00:00:00' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body['confirmToken']).toBeUndefined();
    const extra = await call('/api/clusters/dev/sessions', { ...START, extraArgs: ['--x'] });
    expect(extra.status).toBe(400);
    expect((await call('/api/clusters/dev/sessions', START, read)).status).toBe(403);
  });

  it('takes the token once and starts (audited as the caller); a second use is refused', async () => {
    const { call, deps } = operator();
    const asked = await call('/api/clusters/dev/sessions', START);
    const done = await call('/api/clusters/dev/sessions', {
      ...START,
      confirmToken: asked.body['confirmToken'],
    });
    // The recorded cluster has no tmux: the start itself fails, but it was tried, as bot.
    expect(done.status).toBe(502);
    expect(deps.audit.entries()).toMatchObject([
      { face: 'http', actor: 'bot', action: 'session.start', confirmedVia: 'token' },
    ]);
    const again = await call('/api/clusters/dev/sessions', {
      ...START,
      confirmToken: asked.body['confirmToken'],
    });
    expect(again.status).toBe(409);
    expect(again.body['message']).toMatch(/already used/);
  });
});

describe('POST /api/clusters/{cluster}/sessions/{name}/stop', () => {
  it('refuses an unknown name before asking', async () => {
    const { call } = operator();
    const res = await call('/api/clusters/dev/sessions/ghost/stop', {});
    expect(res.status).toBe(404);
    expect(res.body['confirmToken']).toBeUndefined();
  });

  it('asks first for an orphan known by its tmux name, and the token is bound to it', async () => {
    const { call, read, remote } = operator();
    const orphan = 'sdk-train-a1b2c3';
    const asked = await call(`/api/clusters/dev/sessions/${orphan}/stop`, {});
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'confirmation_required', released: [] });
    expect(asked.body['summary']).toMatch(/cannot be undone/);
    const other = await call('/api/clusters/dev/sessions/sdk-other-a1b2c3/stop', {
      confirmToken: asked.body['confirmToken'],
    });
    expect(other.status).toBe(409);
    expect(remote()).toEqual([]);
    expect((await call(`/api/clusters/dev/sessions/${orphan}/stop`, {}, read)).status).toBe(403);
  });
});

describe('the session read and drive routes', () => {
  it('answers 404 for a session this server does not know', async () => {
    const { call } = operator();
    expect((await call('/api/clusters/dev/sessions/ghost')).status).toBe(404);
    expect((await call('/api/clusters/dev/sessions/ghost/output')).status).toBe(404);
    expect(
      (await call('/api/clusters/dev/sessions/ghost/exec', { command: 'hostname' })).status,
    ).toBe(404);
  });

  it('refuses bad input and the read role for what changes something', async () => {
    const { call, read } = operator();
    const base = '/api/clusters/dev/sessions/train';
    expect((await call(`${base}/output?wait=99`)).status).toBe(400);
    expect((await call(`${base}/exec`, { command: '' })).status).toBe(400);
    expect((await call(`${base}/ctrl`, { key: 'x' })).status).toBe(400);
    expect((await call(`${base}/send`, { text: 1 })).status).toBe(400);
    expect((await call(`${base}/exec`, { command: 'id' }, read)).status).toBe(403);
    expect((await call(`${base}/send`, { text: 'y' }, read)).status).toBe(403);
    expect((await call(`${base}/ctrl`, { key: 'c' }, read)).status).toBe(403);
  });
});
