import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeKeyAdmin, type FakeKeyNode } from '../../../test/helpers/admin-change-fakes.js';
import { connect, fakeCluster, testDeps } from '../../../test/helpers/mcp-fakes.js';
import type { McpDeps } from '../deps.js';

const KEY = Buffer.from(`PLANTED-SECRET-${'m0nge'.repeat(200)}`);
const OTHER = Buffer.from(`another-key-${'y'.repeat(1000)}`);
const PIECES = [
  'PLANTED-SECRET',
  KEY.toString('base64').slice(0, 24),
  KEY.toString('hex').slice(0, 24),
];

let deps: McpDeps | undefined;
afterEach(async () => {
  await deps?.close();
  deps = undefined;
});

interface Change {
  status: string;
  summary: string;
  confirmToken?: string;
  changing: string[];
  rows: Array<{ node: string; outcome: string; summary: string; steps?: string[] }>;
}

function setup(nodes: FakeKeyNode[]) {
  const admin = fakeKeyAdmin(KEY, nodes);
  deps = testDeps(fakeCluster([]));
  deps.openAdmin = admin.open;
  return { admin, deps };
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
  return { text, isError: result.isError === true, data: result.structuredContent as Change };
}

describe('the changing admin MCP tools ask first', () => {
  it('admin_sync munge: a token first, then the key written and munged restarted; audited; no key anywhere', async () => {
    const { admin, deps } = setup([
      { name: 'n1', key: KEY },
      { name: 'n2', key: OTHER },
    ]);
    const client = await connect(deps);
    const first = await call(client, 'admin_sync', { nodes: 'n[1-2]', what: 'munge' });
    expect(first.isError, first.text).toBe(false);
    expect(first.data).toMatchObject({ status: 'confirmation_required', changing: ['n2'] });
    expect(first.text).toMatch(/^NOT DONE YET/);
    expect(first.data.summary).toMatch(/<untrusted-output source="nodes as Slurm shows them">/);
    expect(first.data.rows.map((r) => [r.node, r.outcome])).toEqual([
      ['n1', 'ok'],
      ['n2', 'planned'],
    ]);
    expect(admin.changes()).toEqual([]);

    const second = await call(client, 'admin_sync', {
      nodes: 'n[1-2]',
      what: 'munge',
      confirmToken: first.data.confirmToken,
    });
    expect(second.data.status, second.text).toBe('done');
    expect(second.data.rows[1]).toMatchObject({ node: 'n2', outcome: 'changed' });
    expect(second.text).toMatch(/n2: changed: key written, munged restarted/);
    expect(admin.nodes[1]?.key.equals(KEY)).toBe(true);
    expect(deps.audit.entries()).toMatchObject([
      { face: 'mcp', action: 'admin.sync-munge', confirmedVia: 'token', target: { node: 'n2' } },
    ]);

    const third = await call(client, 'admin_sync', { nodes: 'n[1-2]', what: 'munge' });
    expect(third.data).toMatchObject({ status: 'nothing_to_do', changing: [] });
    expect(third.data.confirmToken).toBeUndefined();
    const everything = JSON.stringify([first, second, third, deps.audit.entries()]);
    for (const piece of PIECES) expect(everything).not.toContain(piece);
  });

  it('admin_restart asks through elicitation: yes restarts and verifies, no changes nothing', async () => {
    const { admin, deps } = setup([{ name: 'n1', key: KEY, mungedRunning: false }]);
    let answer = false;
    const questions: string[] = [];
    const client = await connect(deps, (request) => {
      questions.push(String(request.params.message));
      return { action: 'accept', content: { confirm: answer } };
    });
    const declined = await call(client, 'admin_restart', { nodes: 'n1', daemon: 'munge' });
    expect(declined.data.status).toBe('declined');
    expect(admin.changes()).toEqual([]);
    expect(questions[0]).toMatch(/Restart munged on 1 node\(s\)[\s\S]*Restart munged on n1\?$/);

    answer = true;
    const done = await call(client, 'admin_restart', { nodes: 'n1', daemon: 'munge' });
    expect(done.data.status, done.text).toBe('done');
    expect(done.data.rows[0]?.summary).toBe(
      "munged restarted; the controller's credential decodes",
    );
    expect(admin.changes().map((c) => c.argv)).toEqual([['systemctl', 'restart', 'munge']]);
    expect(deps.audit.entries()).toMatchObject([
      { face: 'mcp', action: 'admin.restart', confirmedVia: 'elicitation' },
    ]);
  });

  it('admin_add_ssh_key: a token first, then the key added where missing; a private key refused', async () => {
    const key =
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA agent-box';
    const { admin, deps } = setup([
      { name: 'n1', key: KEY, authorizedKeys: '' },
      { name: 'n2', key: KEY, authorizedKeys: `${key}\n` },
    ]);
    const client = await connect(deps);
    const args = { nodes: 'n[1-2]', publicKey: key, user: 'sduser' };
    const first = await call(client, 'admin_add_ssh_key', args);
    expect(first.data, first.text).toMatchObject({
      status: 'confirmation_required',
      changing: ['n1'],
    });
    expect(admin.changes()).toEqual([]);
    const done = await call(client, 'admin_add_ssh_key', {
      ...args,
      confirmToken: first.data.confirmToken,
    });
    expect(done.data.status, done.text).toBe('done');
    expect(admin.nodes[0]?.authorizedKeys).toBe(`${key}\n`);
    expect(deps.audit.entries()).toMatchObject([
      { face: 'mcp', action: 'admin.sync-ssh', target: { node: 'n1' } },
    ]);
    const secret = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n';
    const refused = await call(client, 'admin_add_ssh_key', { nodes: 'n1', publicKey: secret });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/not one OpenSSH public key line/);
    expect(refused.text).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
  });

  it('a token is good only for the same tool and arguments', async () => {
    const { admin, deps } = setup([{ name: 'n1', key: OTHER }]);
    const client = await connect(deps);
    const first = await call(client, 'admin_sync', { nodes: 'n1', what: 'munge' });
    const init = await call(client, 'admin_init', {
      nodes: 'n1',
      confirmToken: first.data.confirmToken,
    });
    expect(init.isError).toBe(true);
    expect(admin.changes()).toEqual([]);
  });
});
