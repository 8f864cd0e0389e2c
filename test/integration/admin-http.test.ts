import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { slurmAsRoot, waitNodeBack } from './admin-dev-node.js';

const root = inject('devRoot');
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-admin-http-')),
  SLURMDECK_LOG: 'warn',
};
const NODE = 'n2';

let serve: ServeProcess;
const tokens: Record<'admin' | 'operate', string> = { admin: '', operate: '' };

/** Slurm's own view of the node, as root on this machine: state and reason. */
const slurmView = (): { state: string; reason: string } => {
  const [state = '', reason = ''] =
    slurmAsRoot(root, ['sinfo', '-h', '-n', NODE, '-o', '%T|%E']).split('\n')[0]?.split('|') ?? [];
  return { state, reason };
};

/** Puts the node back in service whatever a test left: resumed, idle and responding. */
async function putBack(): Promise<void> {
  if (/drain|down/.test(slurmView().state)) {
    slurmAsRoot(root, ['scontrol', 'update', `nodename=${NODE}`, 'state=resume']);
  }
  await waitNodeBack(root, NODE);
}

async function call(path: string, body?: unknown, role: 'admin' | 'operate' = 'admin') {
  const res = await fetch(`${serve.url}${path}`, {
    headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

/** Both calls of a change: the summary and token, then the same body with the token. */
async function confirmed(path: string, body: Record<string, unknown>) {
  const asked = await call(path, body);
  expect(asked.status, asked.text).toBe(200);
  expect(asked.body['status']).toBe('confirmation_required');
  const done = await call(path, { ...body, confirmToken: asked.body['confirmToken'] });
  expect(done.status, done.text).toBe(200);
  return { asked, done };
}

beforeAll(async () => {
  await putBack();
  serve = await startServe(env);
  for (const role of ['admin', 'operate'] as const) {
    const made = await runCli(['serve', 'token', 'create', `it-${role}`, '--role', role], env);
    expect(made.code, made.stderr).toBe(0);
    tokens[role] = made.stdout.trim();
  }
}, 120_000);

afterAll(async () => {
  if (serve?.child.exitCode === null) serve.child.kill('SIGTERM');
  await putBack();
}, 120_000);

describe('node administration over HTTP against the dev cluster (root ssh to ctl and nodes)', () => {
  it('diagnoses a healthy node: no findings, checksums equal, no key or credential in the answer', async () => {
    const doctor = await call(`/api/clusters/dev/admin/doctor?nodes=${NODE}`);
    expect(doctor.status, doctor.text).toBe(200);
    const row = (doctor.body['rows'] as Array<Record<string, unknown>>)[0];
    expect(row).toMatchObject({
      node: NODE,
      outcome: 'ok',
      summary: 'healthy',
      detail: {
        findings: [],
        status: {
          keyMatches: true,
          confMatches: true,
          crossDecode: { ok: true },
          key: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), mode: '400' },
        },
      },
    });
    expect(doctor.body['controllerFindings']).toEqual([]);
    expect(doctor.text).not.toMatch(/MUNGE:/);
    const status = await call('/api/clusters/dev/admin/status?nodes=all');
    expect((status.body['rows'] as unknown[]).length).toBe(3);
    expect(status.text).not.toMatch(/MUNGE:/);
    const refused = await call(
      `/api/clusters/dev/admin/doctor?nodes=${NODE}`,
      undefined,
      'operate',
    );
    expect(refused.status).toBe(403);
    expect(refused.body['message']).toMatch(/node administration needs the admin role/);
  }, 60_000);

  it('drains with a reason after confirming, then resumes: the node is idle again; both audited', async () => {
    const drain = await confirmed('/api/clusters/dev/admin/drain', {
      nodes: NODE,
      reason: 'http integration test',
    });
    expect(drain.asked.body['summary']).toMatch(/reason "slurmdeck: http integration test"/);
    expect(drain.done.body).toMatchObject({
      status: 'done',
      rows: [{ node: NODE, outcome: 'changed', detail: { before: 'idle', after: 'drained' } }],
    });
    expect(slurmView()).toEqual({ state: 'drained', reason: 'slurmdeck: http integration test' });

    const resume = await confirmed('/api/clusters/dev/admin/resume', { nodes: NODE });
    expect(resume.done.body).toMatchObject({
      status: 'done',
      rows: [{ node: NODE, outcome: 'changed', detail: { before: 'drained', after: 'idle' } }],
    });
    expect(slurmView().state).toBe('idle');

    const audit = await call('/api/audit?limit=5');
    const entries = audit.body['entries'] as Array<Record<string, unknown>>;
    expect(entries.slice(0, 2)).toMatchObject([
      {
        face: 'http',
        actor: 'it-admin',
        action: 'node.resume',
        outcome: 'done',
        target: { nodes: [NODE], before: [`${NODE} drained`], after: [`${NODE} idle`] },
      },
      {
        action: 'node.drain',
        target: {
          nodes: [NODE],
          before: [`${NODE} idle`],
          requested: 'drain: slurmdeck: http integration test',
          after: [`${NODE} drained`],
        },
      },
    ]);
  }, 90_000);

  it('leaves a drain an admin set with their own reason alone unless forced', async () => {
    slurmAsRoot(root, [
      'scontrol',
      'update',
      `nodename=${NODE}`,
      'state=drain',
      'reason=bad fan, ticket 42',
    ]);
    const refused = await call('/api/clusters/dev/admin/resume', { nodes: NODE });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'nothing_to_do', changing: [] });
    expect(refused.body).not.toHaveProperty('confirmToken');
    expect((refused.body['rows'] as Array<Record<string, unknown>>)[0]).toMatchObject({
      outcome: 'failed',
      summary: expect.stringMatching(/by an admin with their own reason "bad fan, ticket 42"/),
    });
    expect(slurmView()).toEqual({ state: 'drained', reason: 'bad fan, ticket 42' });
    // A drain by slurmdeck does not overwrite the admin's reason either.
    const drain = await call('/api/clusters/dev/admin/drain', { nodes: NODE, reason: 'mine now' });
    expect(drain.body['status']).toBe('nothing_to_do');
    expect(slurmView().reason).toBe('bad fan, ticket 42');

    const forced = await confirmed('/api/clusters/dev/admin/resume', { nodes: NODE, force: true });
    expect(forced.asked.body['summary']).toMatch(/forced/);
    expect(forced.done.body['status']).toBe('done');
    expect(slurmView().state).toBe('idle');
  }, 90_000);
});
