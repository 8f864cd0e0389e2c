import { afterEach, describe, expect, it } from 'vitest';
import { mcpOnServerWorkspace } from '../../test/helpers/mcp-mount.js';
import { serverUnderTest } from '../../test/helpers/server-fakes.js';

const HEADERS = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
};

let server: ReturnType<typeof serverUnderTest> | undefined;
afterEach(async () => {
  await server?.mcp?.close();
  server = undefined;
});

/** One tools/call through serve's /mcp as the holder of `token`, in a fresh MCP session. */
async function callAs(
  s: ReturnType<typeof serverUnderTest>,
  token: string,
  name: string,
  args: object,
) {
  const post = (body: object, headers: Record<string, string> = {}) =>
    s.request('/mcp', {
      method: 'POST',
      token,
      headers: { ...HEADERS, ...headers },
      body: JSON.stringify(body),
    });
  const init = await post({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 't', version: '1' },
    },
  });
  await init.text();
  const session = init.headers.get('mcp-session-id') as string;
  const res = await post(
    { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: args } },
    { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' },
  );
  return res.text();
}

describe('the admin MCP tools at /mcp', () => {
  it.each([
    ['admin_status', { cluster: 'dev', nodes: 'all' }],
    ['admin_doctor', { cluster: 'dev', nodes: 'n1' }],
    ['admin_drain', { cluster: 'dev', nodes: 'n1', reason: 'disk' }],
    ['admin_resume', { cluster: 'dev', nodes: 'n1' }],
    ['admin_sync', { cluster: 'dev', nodes: 'n1', what: 'munge' }],
    ['admin_restart', { cluster: 'dev', nodes: 'n1', daemon: 'slurmd' }],
    ['admin_recover', { cluster: 'dev', nodes: 'n1', force: 'n1' }],
    ['admin_init', { cluster: 'dev', nodes: 'n1' }],
    ['admin_add_ssh_key', { cluster: 'dev', nodes: 'n1', publicKey: 'not a key' }],
  ])(
    '%s refuses an operate token: node administration needs the admin role',
    async (tool, args) => {
      server = serverUnderTest({ mcp: mcpOnServerWorkspace });
      const operate = server.tokens.create('agent', 'operate');
      const refused = await callAs(server, operate, tool, args);
      expect(refused).toMatch(
        /NOT_PERMITTED: node administration needs the admin role; \\"agent\\" has role operate/,
      );
      // An admin token gets past the role: here the test cluster has no admin access configured.
      const admin = server.tokens.create('root', 'admin');
      const allowed = await callAs(server, admin, tool, args);
      expect(allowed).toMatch(/CONFIG_INVALID: cluster \\"dev\\" has no admin access configured/);
      expect(server.commands).toEqual([]);
    },
  );
});
