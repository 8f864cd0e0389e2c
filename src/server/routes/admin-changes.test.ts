import { describe, expect, it } from 'vitest';
import { fakeKeyAdmin, type FakeKeyNode } from '../../../test/helpers/admin-change-fakes.js';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

// A key value no response, audit entry or stored summary may ever show, in any encoding.
const PLANTED = Buffer.from(`PLANTED-SECRET-${'k3y'.repeat(330)}`);
const OTHER = Buffer.from(`another-key-${'x'.repeat(1000)}`);
const planted = [
  'PLANTED-SECRET',
  PLANTED.toString('base64').slice(0, 24),
  PLANTED.toString('base64').slice(400, 424),
  PLANTED.toString('hex').slice(0, 24),
];

function changeServer(nodes: FakeKeyNode[]) {
  const admin = fakeKeyAdmin(PLANTED, nodes);
  const server = serverUnderTest({ openAdmin: admin.open });
  const token = server.tokens.create('root-admin', 'admin');
  const texts: string[] = [];
  const call = async (path: string, body: unknown, as = token) => {
    const res = await server.request(`/api/clusters/dev/admin/${path}`, {
      token: as,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    texts.push(text);
    return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
  };
  return { ...server, admin, token, call, texts };
}

const healthy = (name: string): FakeKeyNode => ({ name, key: PLANTED });
const rowsOf = (body: Record<string, unknown>) =>
  (body['rows'] as Array<{ node: string; outcome: string }>).map((r) => [r.node, r.outcome]);

const ROUTES: Array<[string, object]> = [
  ['sync-munge', { nodes: 'n1' }],
  ['sync-conf', { nodes: 'n1' }],
  ['restart', { nodes: 'n1', daemon: 'munge' }],
  ['recover', { nodes: 'n1', force: 'n1' }],
  ['init', { nodes: 'all' }],
  ['sync-ssh', { nodes: 'n1', publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAbc= a@b' }],
];

const KEY_A =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA lab-admin';
const KEY_B = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA laptop';

describe('POST /api/clusters/{cluster}/admin/{sync-munge,sync-conf,sync-ssh,restart,recover,init}', () => {
  it.each(['read', 'operate'] as const)(
    'answers 403 to role %s and touches no host',
    async (role) => {
      const { call, tokens, admin } = changeServer([healthy('n1')]);
      const other = tokens.create(`someone-${role}`, role);
      for (const [path, body] of ROUTES) {
        const res = await call(path, body, other);
        expect(res.status, path).toBe(403);
        expect(res.body['message']).toMatch(/node administration needs the admin role/);
      }
      expect(admin.commands).toEqual([]);
    },
  );

  it('sync-munge asks first, writes only after the token, audits per node, and never shows the key', async () => {
    const { call, admin, deps, texts } = changeServer([
      healthy('n1'),
      { name: 'n2', key: OTHER },
      healthy('n3'),
    ]);
    const asked = await call('sync-munge', { nodes: 'n[1-3]' });
    expect(asked.status, asked.text).toBe(200);
    expect(asked.body).toMatchObject({
      operation: 'sync-munge',
      status: 'confirmation_required',
      changing: ['n2'],
      confirmToken: expect.stringMatching(/^confirm-/),
    });
    expect(rowsOf(asked.body)).toEqual([
      ['n1', 'ok'],
      ['n2', 'planned'],
      ['n3', 'ok'],
    ]);
    expect(asked.body['summary']).toMatch(
      /^Write the controller's key on 1 node\(s\) of cluster dev\nn2: will write \/etc\/munge\/munge.key \(munge:munge 400\), then restart munged\nn1: left as it is/,
    );
    expect(admin.changes()).toEqual([]);

    const done = await call('sync-munge', {
      nodes: 'n[1-3]',
      confirmToken: asked.body['confirmToken'],
    });
    expect(done.status, done.text).toBe(200);
    expect(done.body['status']).toBe('done');
    expect(rowsOf(done.body)).toEqual([
      ['n1', 'ok'],
      ['n2', 'changed'],
      ['n3', 'ok'],
    ]);
    const row = (done.body['rows'] as Array<{ detail: { before: string; after: string } }>)[1];
    expect(row?.detail.after).toMatch(/^sha256:[0-9a-f]{16} munge:munge 400, decodes$/);
    expect(admin.nodes[1]?.key.equals(PLANTED)).toBe(true);
    // The key went to n2's write, on stdin, and nowhere else.
    const writes = admin.changes().filter((c) => c.stdin !== undefined);
    expect(writes.map((c) => [c.host, c.stdin])).toEqual([['n2', PLANTED.toString('base64')]]);
    const audit = deps.audit.entries();
    expect(audit).toMatchObject([
      {
        face: 'http',
        actor: 'root-admin',
        action: 'admin.sync-munge',
        cluster: 'dev',
        confirmedVia: 'token',
        outcome: 'done',
        target: { node: 'n2', before: expect.stringMatching(/^sha256:/) },
      },
    ]);

    const again = await call('sync-munge', { nodes: 'n[1-3]' });
    expect(again.body).toMatchObject({ status: 'nothing_to_do', changing: [] });
    expect(again.body).not.toHaveProperty('confirmToken');
    expect(deps.audit.entries()).toHaveLength(1);

    const everything = texts.join('\n') + JSON.stringify(deps.audit.entries());
    for (const piece of planted) expect(everything).not.toContain(piece);
  });

  it('refuses a token from another caller, another operation or a changed plan, and changes nothing', async () => {
    const { call, admin, tokens } = changeServer([{ name: 'n1', key: OTHER }, healthy('n2')]);
    const asked = await call('sync-munge', { nodes: 'n1' });
    const confirmToken = asked.body['confirmToken'];
    const stolen = await call(
      'sync-munge',
      { nodes: 'n1', confirmToken },
      tokens.create('admin2', 'admin'),
    );
    expect(stolen).toMatchObject({ status: 409, body: { code: 'CONFIRMATION_INVALID' } });
    expect(stolen.body['message']).toMatch(/another caller/);
    const elsewhere = await call('restart', { nodes: 'n1', daemon: 'munge', confirmToken });
    expect(elsewhere.status).toBe(409);
    // The key was fixed by someone else meanwhile: munged still needs a restart, a different plan.
    Object.assign(admin.nodes[0] as FakeKeyNode, { key: PLANTED, loaded: OTHER });
    const moved = await call('sync-munge', { nodes: 'n1', confirmToken });
    expect(moved.status).toBe(409);
    expect(admin.changes()).toEqual([]);
  });

  it('restart munge: munged stopped on a node -> asks, restarts it, verifies it decodes', async () => {
    const { call, admin, deps } = changeServer([
      { name: 'n1', key: PLANTED, mungedRunning: false },
    ]);
    const body = { nodes: 'n1', daemon: 'munge' };
    const asked = await call('restart', body);
    expect(asked.body).toMatchObject({ status: 'confirmation_required', changing: ['n1'] });
    expect(asked.body['summary']).toMatch(/^Restart munged on 1 node\(s\)/);
    const done = await call('restart', { ...body, confirmToken: asked.body['confirmToken'] });
    expect(done.body['status'], done.text).toBe('done');
    expect((done.body['rows'] as Array<{ summary: string }>)[0]?.summary).toBe(
      "munged restarted; the controller's credential decodes",
    );
    expect(admin.changes().map((c) => c.argv)).toEqual([['systemctl', 'restart', 'munge']]);
    expect(deps.audit.entries()[0]).toMatchObject({
      action: 'admin.restart',
      target: { node: 'n1', before: expect.stringMatching(/^munged not running/) },
    });
  });

  it('sync-ssh adds the key once to the nodes without it, keeps the others, and binds the token to the key', async () => {
    const { call, admin, deps } = changeServer([
      { name: 'n1', key: PLANTED, authorizedKeys: `${KEY_B}\n` },
      { name: 'n2', key: PLANTED, authorizedKeys: `${KEY_A.replace('lab-admin', 'old')}\n` },
    ]);
    const body = { nodes: 'n[1-2]', publicKey: `${KEY_A}\n`, user: 'sduser' };
    const asked = await call('sync-ssh', body);
    expect(asked.body, asked.text).toMatchObject({
      operation: 'sync-ssh',
      status: 'confirmation_required',
      changing: ['n1'],
    });
    expect(asked.body['summary']).toMatch(/^Add the key SHA256:\S+ on 1 node\(s\)/);
    expect(rowsOf(asked.body)).toEqual([
      ['n1', 'planned'],
      ['n2', 'ok'],
    ]);
    // The token is for that key: another key with it changes nothing.
    const confirmToken = asked.body['confirmToken'];
    const other = await call('sync-ssh', { ...body, publicKey: KEY_B, confirmToken });
    expect(other.status).toBe(409);
    expect(admin.changes()).toEqual([]);
    const again = await call('sync-ssh', body);
    const done = await call('sync-ssh', { ...body, confirmToken: again.body['confirmToken'] });
    expect(done.body['status'], done.text).toBe('done');
    expect(admin.nodes[0]?.authorizedKeys).toBe(`${KEY_B}\n${KEY_A}\n`);
    expect(deps.audit.entries()).toMatchObject([
      { action: 'admin.sync-ssh', target: { node: 'n1' }, outcome: 'done' },
    ]);
    const twice = await call('sync-ssh', body);
    expect(twice.body).toMatchObject({ status: 'nothing_to_do', changing: [] });
  });

  it('sync-ssh refuses a private key or two lines before any ssh, and never echoes it', async () => {
    const { call, admin } = changeServer([healthy('n1')]);
    const secret = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n';
    const res = await call('sync-ssh', { nodes: 'n1', publicKey: secret });
    expect(res.status).toBe(400);
    expect(res.body['message']).toMatch(/not one OpenSSH public key line/);
    expect(res.text).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
    const two = await call('sync-ssh', { nodes: 'n1', publicKey: `${KEY_A}\n${KEY_B}` });
    expect(two.status).toBe(400);
    expect(admin.commands).toEqual([]);
  });

  it('answers 400 for an unknown daemon, an unknown field or a bad force list, before any ssh', async () => {
    const { call, admin } = changeServer([healthy('n1')]);
    const daemon = await call('restart', { nodes: 'n1', daemon: 'slurmctld' });
    expect(daemon.status).toBe(400);
    expect((await call('sync-conf', { nodes: 'n1', all: true })).status).toBe(400);
    expect((await call('recover', { nodes: 'n1', force: 'n[1-' })).status).toBe(400);
    expect(admin.commands).toEqual([]);
  });

  it('is in the OpenAPI document: the six routes, admin only, with their bodies', async () => {
    const { request, tokens } = changeServer([healthy('n1')]);
    const res = await request('/api/openapi.json', { token: tokens.create('ci', 'read') });
    const doc = (await res.json()) as {
      paths: Record<string, { post?: { requestBody?: unknown; description?: string } }>;
    };
    for (const [operation] of ROUTES) {
      const post = doc.paths[`/api/clusters/{cluster}/admin/${operation}`]?.post;
      expect(post, operation).toBeDefined();
      expect(JSON.stringify(post)).toMatch(/confirmToken/);
      expect(JSON.stringify(post)).toMatch(/admin/);
    }
    const restart = JSON.stringify(doc.paths['/api/clusters/{cluster}/admin/restart']);
    expect(restart).toMatch(/"slurmd"/);
  });
});
