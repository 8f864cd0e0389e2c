import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { restartMunged, stopMunged, stopNode } from '../../src/devcluster/index.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { secretPieces, waitResponding } from './admin-change-helpers.js';
import { devNode, slurmAsRoot, waitNodeBack, type DevNode } from './admin-dev-node.js';

const root = inject('devRoot');
const CONTROLLER = '10.77.0.2';
const NODE = 'n3';
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-admin-chg-')),
  SLURMDECK_LOG: 'warn',
};

let serve: ServeProcess;
let nodes: DevNode[];
let n3: DevNode;
const tokens: Record<'admin' | 'operate', string> = { admin: '', operate: '' };
const texts: string[] = [];

const state = (node: string) =>
  slurmAsRoot(root, ['sinfo', '-h', '-n', node, '-o', '%t']).split('\n')[0] ?? '';

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function call(path: string, body?: unknown, role: 'admin' | 'operate' = 'admin') {
  const res = await fetch(`${serve.url}${path}`, {
    headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
  });
  const text = await res.text();
  texts.push(text);
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

type Row = { node: string; outcome: string; summary: string; detail?: { steps: string[] } };

/** Both calls of a change: the plan and token, then the same body with the token. */
async function confirmed(operation: string, body: Record<string, unknown>) {
  const path = `/api/clusters/dev/admin/${operation}`;
  const asked = await call(path, body);
  expect(asked.status, asked.text).toBe(200);
  expect(asked.body['status'], asked.text).toBe('confirmation_required');
  const done = await call(path, { ...body, confirmToken: asked.body['confirmToken'] });
  expect(done.status, done.text).toBe(200);
  expect(done.body['status'], done.text).toBe('done');
  return { asked, done, rows: done.body['rows'] as Row[] };
}

async function findings(node: string): Promise<string[]> {
  const doctor = await call(`/api/clusters/dev/admin/doctor?nodes=${node}`);
  const rows = doctor.body['rows'] as Array<{ detail?: { findings: Array<{ code: string }> } }>;
  return (rows[0]?.detail?.findings ?? []).map((f) => f.code);
}

async function restoreAll(): Promise<void> {
  for (const node of nodes) {
    if (/drain/.test(state(node.name))) {
      slurmAsRoot(root, ['scontrol', 'update', `nodename=${node.name}`, 'state=resume']);
    }
    await node.restore(CONTROLLER);
  }
  for (const node of nodes) await waitNodeBack(root, node.name);
}

beforeAll(async () => {
  nodes = ['n1', 'n2', 'n3'].map((name) => devNode(root, name));
  n3 = nodes[2] as DevNode;
  await restoreAll();
  serve = await startServe(env);
  for (const role of ['admin', 'operate'] as const) {
    const made = await runCli(['serve', 'token', 'create', `it-${role}`, '--role', role], env);
    expect(made.code, made.stderr).toBe(0);
    tokens[role] = made.stdout.trim();
  }
}, 180_000);

// The suite shares the cluster: n3 goes back to what `up` made after every test.
afterEach(async () => {
  await n3.restore(CONTROLLER);
  await waitNodeBack(root, NODE);
}, 120_000);

afterAll(async () => {
  if (serve?.child.exitCode === null) serve.child.kill('SIGTERM');
  await restoreAll();
}, 180_000);

describe('changing node administration over HTTP against the dev cluster', () => {
  it('munged stopped: POST restart (munge) asks, then restarts it; the node is healthy, doctor clean, audited', async () => {
    await stopMunged(root, NODE);
    expect(await findings(NODE)).toContain('munged_not_running');
    const refused = await call(
      '/api/clusters/dev/admin/restart',
      { nodes: NODE, daemon: 'munge' },
      'operate',
    );
    expect(refused.status).toBe(403);

    const { asked, rows } = await confirmed('restart', { nodes: NODE, daemon: 'munge' });
    expect(asked.body['changing']).toEqual([NODE]);
    expect(asked.body['summary']).toMatch(
      /^Restart munged on 1 node\(s\) of cluster dev\nn3: will restart munged$/,
    );
    expect(rows).toMatchObject([
      {
        node: NODE,
        outcome: 'changed',
        summary: "munged restarted; the controller's credential decodes",
      },
    ]);
    await waitResponding(root, NODE);
    expect(await findings(NODE)).toEqual([]);

    const audit = await call('/api/audit?action=admin.restart');
    expect((audit.body['entries'] as unknown[])[0]).toMatchObject({
      face: 'http',
      actor: 'it-admin',
      cluster: 'dev',
      confirmedVia: 'token',
      outcome: 'done',
      target: { node: NODE, before: expect.stringMatching(/^munged not running/) },
    });
  }, 150_000);

  it('a replaced key: sync-munge over HTTP writes the controller key and restarts munged; no key bytes in any answer', async () => {
    n3.writeOtherKey();
    await restartMunged(root, NODE);
    expect(await findings(NODE)).toEqual(['munge_key_mismatch']);
    const { asked, rows } = await confirmed('sync-munge', { nodes: 'n[1-3]' });
    expect(asked.body['changing']).toEqual([NODE]);
    expect(rows.map((r) => [r.node, r.outcome])).toEqual([
      ['n1', 'ok'],
      ['n2', 'ok'],
      [NODE, 'changed'],
    ]);
    await waitNodeBack(root, NODE, 60_000);
    await waitResponding(root, NODE);
    expect(await findings(NODE)).toEqual([]);
    const again = await call('/api/clusters/dev/admin/sync-munge', { nodes: 'n[1-3]' });
    expect(again.body).toMatchObject({ status: 'nothing_to_do', changing: [] });
    await call('/api/audit?action=admin.sync-munge');
    const everything = texts.join('\n');
    for (const piece of secretPieces(n3.keyFile)) expect(everything).not.toContain(piece);
  }, 150_000);

  it('slurmd killed: idle* -> recover over HTTP starts slurmd -> idle', async () => {
    await stopNode(root, NODE);
    await until(`${NODE} not responding`, () => state(NODE).endsWith('*'), 60_000);
    const { rows } = await confirmed('recover', { nodes: NODE });
    expect(rows[0]).toMatchObject({ node: NODE, outcome: 'changed' });
    expect(rows[0]?.detail?.steps).toContain('start slurmd');
    await until(`${NODE} idle`, () => state(NODE) === 'idle', 60_000);
    const again = await call('/api/clusters/dev/admin/recover', { nodes: NODE });
    expect(again.body['status']).toBe('nothing_to_do');
  }, 150_000);
});
