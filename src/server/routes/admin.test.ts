import { describe, expect, it } from 'vitest';
import { fakeAdmin, type FakeNode } from '../../../test/helpers/admin-fakes.js';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

function adminServer(nodes: FakeNode[] = defaultNodes()) {
  const admin = fakeAdmin(nodes);
  const server = serverUnderTest({ openAdmin: admin.open });
  const token = server.tokens.create('root-admin', 'admin');
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
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
  };
  return { ...server, admin, token, call };
}

const defaultNodes = (): FakeNode[] => [
  { name: 'n1', long: 'idle', complete: 'IDLE' },
  { name: 'n2', long: 'drained', complete: 'IDLE+DRAIN', reason: 'bad fan, ticket 42' },
  { name: 'n3', long: 'mixed', complete: 'MIXED' },
];

const ROUTES: Array<[string, unknown?]> = [
  ['/api/clusters/dev/admin'],
  ['/api/clusters/dev/admin/status?nodes=all'],
  ['/api/clusters/dev/admin/doctor?nodes=n1'],
  ['/api/clusters/dev/admin/drain', { nodes: 'n1', reason: 'disk check' }],
  ['/api/clusters/dev/admin/resume', { nodes: 'n2' }],
];

describe('/api/clusters/{cluster}/admin/* roles', () => {
  it.each(['read', 'operate'] as const)(
    'answers 403 to role %s, saying it needs admin, and touches no host',
    async (role) => {
      const { call, tokens, admin } = adminServer();
      const other = tokens.create(`someone-${role}`, role);
      for (const [path, body] of ROUTES) {
        const res = await call(path, body, other);
        expect(res.status, path).toBe(403);
        expect(res.body['message']).toBe(
          `node administration needs the admin role; "someone-${role}" has role ${role}`,
        );
        expect(res.body['hint']).toMatch(/--role admin/);
      }
      expect(admin.commands).toEqual([]);
      expect(admin.counts().opened).toBe(0);
    },
  );

  it('lets the admin role (and the browser session) in', async () => {
    const { call, request, logins } = adminServer();
    const probe = await call('/api/clusters/dev/admin');
    expect(probe).toMatchObject({ status: 200, body: { cluster: 'dev', configured: false } });
    const cookie = `slurmdeck_session=${logins.redeem(logins.issueCode())}`;
    const res = await request('/api/clusters/dev/admin/status?nodes=n1', { headers: { cookie } });
    expect(res.status).toBe(200);
  });
});

describe('GET status and doctor', () => {
  it('reads every node and shows checksums, never a credential, key or log line', async () => {
    const { call, admin } = adminServer();
    const res = await call('/api/clusters/dev/admin/status?nodes=all');
    expect(res.status).toBe(200);
    const rows = res.body['rows'] as Array<{ node: string; outcome: string; detail: unknown }>;
    expect(rows.map((r) => [r.node, r.outcome])).toEqual([
      ['n1', 'ok'],
      ['n2', 'ok'],
      ['n3', 'ok'],
    ]);
    expect(rows[0]?.detail).toMatchObject({
      munged: { running: true, pid: 3207 },
      keyMatches: true,
      key: { sha256: expect.stringMatching(/^555d68a8/), owner: 'munge', mode: '400' },
    });
    expect(res.body['controller']).toMatchObject({ keySha256: expect.stringMatching(/^555d/) });
    // The controller's script printed two fresh credentials: they went to the nodes only.
    expect(res.text).not.toMatch(/MUNGE:/);
    expect(res.text).not.toMatch(/STEP 31\.0|credentials|slurmdLog/);
    expect(admin.counts()).toEqual({ opened: 1, closed: 1 });
  });

  it('diagnoses per node with problem, evidence and fix', async () => {
    const { call } = adminServer();
    const res = await call('/api/clusters/dev/admin/doctor?nodes=n[1-2]');
    expect(res.status).toBe(200);
    const rows = res.body['rows'] as Array<{ node: string; detail: { findings: unknown[] } }>;
    expect(rows.map((r) => r.node)).toEqual(['n1', 'n2']);
    expect(res.body['controllerFindings']).toEqual([]);
    for (const row of rows) expect(Array.isArray(row.detail.findings)).toBe(true);
    expect(res.text).not.toMatch(/MUNGE:/);
  });

  it('refuses a missing or bad hostlist with 400 before opening any ssh', async () => {
    const { call, admin } = adminServer();
    const none = await call('/api/clusters/dev/admin/status');
    expect(none).toMatchObject({ status: 400, body: { message: 'no nodes given' } });
    const bad = await call('/api/clusters/dev/admin/doctor?nodes=n[1-');
    expect(bad.status).toBe(400);
    expect(bad.body['message']).toMatch(/never closed/);
    expect(admin.ran('sh')).toEqual([]);
  });
});

describe('POST drain and resume ask first', () => {
  it('drains after the token, once, with a slurmdeck: reason, and audits before and after', async () => {
    const { call, admin, deps } = adminServer();
    const body = { nodes: 'n[1-3]', reason: 'disk check' };
    const asked = await call('/api/clusters/dev/admin/drain', body);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      status: 'confirmation_required',
      changing: ['n1', 'n3'],
      confirmToken: expect.stringMatching(/^confirm-/),
    });
    expect(asked.body['summary']).toMatch(
      /^Drain 2 node\(s\) on cluster dev with reason "slurmdeck: disk check"/,
    );
    expect(asked.body['summary']).toMatch(/n2: already drained \("bad fan, ticket 42"\)/);
    expect(admin.ran('scontrol')).toEqual([]);

    const done = await call('/api/clusters/dev/admin/drain', {
      ...body,
      confirmToken: asked.body['confirmToken'],
    });
    expect(done.status).toBe(200);
    expect(done.body['status']).toBe('done');
    expect(admin.ran('scontrol')).toEqual([
      ['scontrol', 'update', 'NodeName=n1,n3', 'State=DRAIN', 'Reason=slurmdeck: disk check'],
    ]);
    const rows = done.body['rows'] as Array<{ node: string; outcome: string; detail: unknown }>;
    expect(rows.map((r) => [r.node, r.outcome])).toEqual([
      ['n1', 'changed'],
      ['n2', 'ok'],
      ['n3', 'changed'],
    ]);
    expect(rows[0]?.detail).toMatchObject({ before: 'idle', after: 'drained' });
    expect(deps.audit.entries()).toMatchObject([
      {
        face: 'http',
        actor: 'root-admin',
        action: 'node.drain',
        cluster: 'dev',
        confirmedVia: 'token',
        outcome: 'done',
        target: {
          nodes: ['n1', 'n3'],
          before: ['n1 idle', 'n3 mixed'],
          requested: 'drain: slurmdeck: disk check',
          after: ['n1 drained', 'n3 draining'],
        },
      },
    ]);

    const again = await call('/api/clusters/dev/admin/drain', {
      ...body,
      confirmToken: asked.body['confirmToken'],
    });
    // n1 and n3 are drained now: nothing to do, and nothing ran a second time.
    expect(again.body['status']).toBe('nothing_to_do');
    expect(admin.ran('scontrol')).toHaveLength(1);
  });

  it('makes the shared node view read Slurm again after a change', async () => {
    const { call, calls } = adminServer();
    const views = () => calls.filter((c) => c === 'sinfo').length;
    await call('/api/clusters/dev/nodes');
    await call('/api/clusters/dev/nodes');
    expect(views()).toBe(1);
    const asked = await call('/api/clusters/dev/admin/drain', { nodes: 'n1', reason: 'x' });
    await call('/api/clusters/dev/admin/drain', {
      nodes: 'n1',
      reason: 'x',
      confirmToken: asked.body['confirmToken'],
    });
    await call('/api/clusters/dev/nodes');
    expect(views()).toBe(2);
  });

  it('refuses a token issued for other nodes, or to another caller', async () => {
    const { call, admin, tokens } = adminServer();
    const asked = await call('/api/clusters/dev/admin/drain', { nodes: 'n1', reason: 'x' });
    const token = asked.body['confirmToken'];
    const other = await call('/api/clusters/dev/admin/drain', {
      nodes: 'n3',
      reason: 'x',
      confirmToken: token,
    });
    expect(other).toMatchObject({ status: 409, body: { code: 'CONFIRMATION_INVALID' } });
    const stolen = await call(
      '/api/clusters/dev/admin/drain',
      { nodes: 'n1', reason: 'x', confirmToken: token },
      tokens.create('admin2', 'admin'),
    );
    expect(stolen.body['message']).toMatch(/another caller/);
    expect(admin.ran('scontrol')).toEqual([]);
  });

  it("leaves an admin's own drain alone on resume unless forced", async () => {
    const { call, admin, deps } = adminServer();
    const refused = await call('/api/clusters/dev/admin/resume', { nodes: 'n2' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'nothing_to_do', changing: [] });
    expect(refused.body).not.toHaveProperty('confirmToken');
    expect((refused.body['rows'] as Array<{ outcome: string; summary: string }>)[0]).toMatchObject({
      outcome: 'failed',
      summary: expect.stringMatching(/admin with their own reason "bad fan, ticket 42"/),
    });
    const forced = await call('/api/clusters/dev/admin/resume', { nodes: 'n2', force: true });
    expect(forced.body['summary']).toMatch(/forced: admin drains too/);
    const done = await call('/api/clusters/dev/admin/resume', {
      nodes: 'n2',
      force: true,
      confirmToken: forced.body['confirmToken'],
    });
    expect(done.body['status']).toBe('done');
    expect(admin.ran('scontrol')).toEqual([['scontrol', 'update', 'NodeName=n2', 'State=RESUME']]);
    expect(deps.audit.entries()[0]).toMatchObject({
      action: 'node.resume',
      target: { nodes: ['n2'], before: ['n2 drained'], after: ['n2 idle'], force: true },
    });
  });

  it('answers 400 for a drain without a reason, or with an unknown field', async () => {
    const { call } = adminServer();
    expect((await call('/api/clusters/dev/admin/drain', { nodes: 'n1' })).status).toBe(400);
    const blank = await call('/api/clusters/dev/admin/drain', { nodes: 'n1', reason: '  ' });
    expect(blank.body['message']).toMatch(/a drain needs a reason/);
    const extra = await call('/api/clusters/dev/admin/resume', { nodes: 'n1', everything: 1 });
    expect(extra.status).toBe(400);
  });
});
