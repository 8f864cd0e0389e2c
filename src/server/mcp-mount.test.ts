import { afterEach, describe, expect, it } from 'vitest';
import { mcpOnServerWorkspace } from '../../test/helpers/mcp-mount.js';
import { ORIGIN, serverUnderTest } from '../../test/helpers/server-fakes.js';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'mount-test', version: '1.0.0' },
  },
};
const MCP_HEADERS = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
};

let server: ReturnType<typeof serverUnderTest> | undefined;
afterEach(async () => {
  await server?.mcp?.close();
  server = undefined;
});

function mounted() {
  server = serverUnderTest({ mcp: mcpOnServerWorkspace });
  return server;
}

const post = (
  s: ReturnType<typeof serverUnderTest>,
  body: unknown,
  init: { token?: string; headers?: Record<string, string> } = {},
) =>
  s.request('/mcp', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { ...MCP_HEADERS, ...init.headers },
    ...(init.token ? { token: init.token } : {}),
  });

describe('MCP at /mcp in slurmdeck serve', () => {
  it('refuses a request without a token with 401, and the browser session cookie too', async () => {
    const s = mounted();
    const bare = await post(s, INIT);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await bare.json()) as { hint: string }).hint).toMatch(/--role operate/);
    const session = s.logins.redeem(s.logins.issueCode()) as string;
    const withCookie = await post(s, INIT, {
      headers: { cookie: `slurmdeck_session=${session}`, origin: ORIGIN },
    });
    expect(withCookie.status).toBe(401);
  });

  it('refuses a read token with 403 (its tools submit and cancel), and a revoked one with 401', async () => {
    const s = mounted();
    const read = s.tokens.create('viewer', 'read');
    const res = await post(s, INIT, { token: read });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/needs operate/);
    const operate = s.tokens.create('agent', 'operate');
    s.tokens.revoke('agent');
    expect((await post(s, INIT, { token: operate })).status).toBe(401);
  });

  it('serves initialize and tools/list to an operate token, on the API workspace', async () => {
    const s = mounted();
    const token = s.tokens.create('agent', 'operate');
    const init = await post(s, INIT, { token });
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('"serverInfo"');
    const session = init.headers.get('mcp-session-id') as string;
    expect(session).toBeTruthy();
    const list = await post(
      s,
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { token, headers: { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' } },
    );
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).toContain('list_clusters');
    expect(text).toContain('cancel_jobs');
    // An admin token may do what operate may.
    const admin = s.tokens.create('root', 'admin');
    expect((await post(s, INIT, { token: admin })).status).toBe(200);
  });

  it('refuses a cross-site Origin and a foreign Host, token or not', async () => {
    const s = mounted();
    const token = s.tokens.create('agent', 'operate');
    const crossSite = await post(s, INIT, { token, headers: { origin: 'http://evil.example' } });
    expect(crossSite.status).toBe(403);
    const rebound = await post(s, INIT, { token, headers: { host: 'evil.example:8080' } });
    expect(rebound.status).toBe(403);
    expect((await post(s, INIT, { token, headers: { origin: ORIGIN } })).status).toBe(200);
  });

  it('answers 413 to a body past MCP’s 4 MB limit', async () => {
    const s = mounted();
    const token = s.tokens.create('agent', 'operate');
    const huge = JSON.stringify({ ...INIT, padding: 'x'.repeat(5 * 1024 * 1024) });
    expect((await post(s, huge, { token })).status).toBe(413);
  });

  it('is not there when serve was started without the MCP face', async () => {
    server = serverUnderTest();
    const token = server.tokens.create('agent', 'operate');
    expect((await post(server, INIT, { token })).status).toBe(404);
  });

  it('binds cancel_jobs confirm tokens to the token name and audits it as mcp with that name', async () => {
    const s = mounted();
    const session = async (token: string) => {
      const init = await post(s, INIT, { token });
      await init.text();
      return init.headers.get('mcp-session-id') as string;
    };
    const cancel = async (token: string, id: string, args: Record<string, unknown>) => {
      const res = await post(
        s,
        {
          jsonrpc: '2.0',
          id: 3,
          method: 'tools/call',
          params: { name: 'cancel_jobs', arguments: { cluster: 'dev', jobIds: ['22'], ...args } },
        },
        { token, headers: { 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' } },
      );
      return res.text();
    };
    const agent = s.tokens.create('agent', 'operate');
    const other = s.tokens.create('other', 'operate');
    const asked = await cancel(agent, await session(agent), {});
    const confirmToken = /"confirmToken":"(confirm-[\w-]+)"/.exec(asked)?.[1] as string;
    expect(confirmToken).toBeTruthy();
    expect(await cancel(other, await session(other), { confirmToken })).toMatch(
      /issued to another caller/,
    );
    expect(s.commands.filter((c) => c[0] === 'scancel')).toEqual([]);
    expect(await cancel(agent, await session(agent), { confirmToken })).toMatch(/Cancelled 22/);
    expect(s.deps.audit.entries()).toMatchObject([
      { face: 'mcp', actor: 'agent', action: 'job.cancel', target: { jobIds: ['22'] } },
    ]);
  });
});
