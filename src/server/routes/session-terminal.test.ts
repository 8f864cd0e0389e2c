import { describe, expect, it } from 'vitest';
import { ORIGIN, serverUnderTest } from '../../../test/helpers/server-fakes.js';

const TERMINAL = '/api/clusters/dev/sessions/train/terminal';
const UPGRADE = {
  upgrade: 'websocket',
  connection: 'Upgrade',
  'sec-websocket-version': '13',
  'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
};

function terminalServer() {
  const server = serverUnderTest();
  const operate = server.tokens.create('bot', 'operate');
  const read = server.tokens.create('viewer', 'read');
  const code = server.logins.issueCode();
  const cookie = `slurmdeck_session=${server.logins.redeem(code) as string}`;
  // Anything that would reach tmux on the login host goes through `sh -c`.
  const remote = () => server.commands.filter((argv) => argv[0] === 'sh');
  return { ...server, operate, read, cookie, remote };
}

describe('GET /api/clusters/{cluster}/sessions/{name}/terminal (WebSocket)', () => {
  it('refuses the handshake without a token, and for the read role, before touching the cluster', async () => {
    const { request, read, remote } = terminalServer();
    expect((await request(TERMINAL, { headers: UPGRADE })).status).toBe(401);
    expect((await request(TERMINAL, { headers: UPGRADE, token: read })).status).toBe(403);
    expect(remote()).toEqual([]);
  });

  it('refuses a cross-site page: browsers apply no CORS to WebSockets, so Origin is checked here', async () => {
    const { request, cookie, remote } = terminalServer();
    const evil = await request(TERMINAL, {
      headers: { ...UPGRADE, cookie, origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    const rebound = await request(TERMINAL, {
      headers: {
        ...UPGRADE,
        cookie,
        origin: 'http://evil.example:8080',
        host: 'evil.example:8080',
      },
    });
    expect(rebound.status).toBe(403);
    // A browser always sends Origin on a WebSocket: a cookie without one is not from our page.
    expect((await request(TERMINAL, { headers: { ...UPGRADE, cookie } })).status).toBe(403);
    expect(remote()).toEqual([]);
  });

  it('lets our own page through the checks as far as the session lookup', async () => {
    const { request, cookie } = terminalServer();
    const res = await request(TERMINAL, { headers: { ...UPGRADE, cookie, origin: ORIGIN } });
    // The recorded cluster knows no session "train": refused before any upgrade.
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('SESSION_NOT_FOUND');
  });

  it('answers 400 to a plain GET and to a size no terminal has', async () => {
    const { request, operate } = terminalServer();
    expect((await request(TERMINAL, { token: operate })).status).toBe(400);
    const huge = await request(`${TERMINAL}?cols=100000&rows=10`, {
      headers: UPGRADE,
      token: operate,
    });
    expect(huge.status).toBe(400);
  });
});
