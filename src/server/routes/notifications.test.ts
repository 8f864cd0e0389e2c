import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../../test/helpers/http-receiver.js';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

const SECRET = 'tk_s3cretvalue42';
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** The server with an ntfy channel `ops` (its token in the credentials file) and a broken one. */
async function withChannels(reply: Parameters<typeof startReceiver>[0] = undefined) {
  receiver = await startReceiver(reply);
  const server = serverUnderTest();
  const credentials = join(server.dir, 'credentials.yaml');
  writeFileSync(credentials, `ntfy: "${SECRET}"\n`, { mode: 0o600 });
  appendFileSync(
    join(server.dir, 'config.yaml'),
    `notify:\n  credentialsFile: ${credentials}\n  defaultChannels: [ops]\n  channels:\n` +
      `    ops: "ntfy+http://${receiver.host}/jobs?token=@ntfy"\n    broken: "slack://@missing"\n`,
  );
  const operate = server.tokens.create('bot', 'operate');
  const read = server.tokens.create('viewer', 'read');
  const call = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const res = await server.request(path, { token: operate, ...init });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const test = (channel: string, token = operate) =>
    call('/api/notifications/test', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel }),
    });
  return { ...server, operate, read, call, test, receiver };
}

describe('GET /api/notifications', () => {
  it('lists the channels with secrets masked and what keeps one from sending', async () => {
    const { call, read } = await withChannels();
    const res = await call('/api/notifications', { token: read });
    expect(res.status).toBe(200);
    expect(res.body['channels']).toEqual([
      expect.objectContaining({ name: 'ops', kind: 'ntfy', isDefault: true }),
      expect.objectContaining({
        name: 'broken',
        isDefault: false,
        problem: expect.stringMatching(/missing/),
      }),
    ]);
    expect(res.body['outbox']).toEqual([]);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });
});

describe('POST /api/notifications/test', () => {
  it('sends through the outbox, says it arrived, and the outbox lists it', async () => {
    const { test, call, read, receiver } = await withChannels();
    const res = await test('ops');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ channel: 'ops', delivered: true, status: 200 });
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.stringify(receiver.requests[0]?.headers)).toContain(SECRET);
    const listed = await call('/api/notifications', { token: read });
    expect(listed.body['outbox']).toEqual([
      expect.objectContaining({ channel: 'ops', event: 'notify.test', state: 'sent' }),
    ]);
  });

  it('says a failed send failed, with the secret masked in the error', async () => {
    const { test, call } = await withChannels(() => ({
      status: 403,
      body: `bad token ${SECRET}`,
    }));
    const res = await test('ops');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ channel: 'ops', delivered: false, status: 403 });
    const all = JSON.stringify([res.body, (await call('/api/notifications')).body]);
    expect(all).not.toContain(SECRET);
  });

  it('refuses a broken or unknown channel, and the read role, sending nothing', async () => {
    const { test, read, receiver } = await withChannels();
    expect((await test('broken')).status).toBeGreaterThanOrEqual(400);
    expect((await test('nope')).status).toBeGreaterThanOrEqual(400);
    expect((await test('ops', read)).status).toBe(403);
    expect(receiver.requests).toEqual([]);
  });
});
