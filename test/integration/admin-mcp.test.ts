import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, stdioClient } from '../helpers/mcp-clients.js';
import { slurmAsRoot, waitNodeBack } from './admin-dev-node.js';

const root = inject('devRoot');
const NODE = 'n1';
let client: Client;

const slurmState = () =>
  slurmAsRoot(root, ['sinfo', '-h', '-n', NODE, '-o', '%T|%E']).split('\n')[0] ?? '';

async function putBack(): Promise<void> {
  if (/drain|down/.test(slurmState())) {
    slurmAsRoot(root, ['scontrol', 'update', `nodename=${NODE}`, 'state=resume']);
  }
  await waitNodeBack(root, NODE);
}

interface Change {
  status: string;
  summary: string;
  confirmToken?: string;
  changing: string[];
  rows: Array<{ node: string; outcome: string; before?: string; after?: string }>;
}

beforeAll(async () => {
  await putBack();
  ({ client } = await stdioClient({
    SLURMDECK_CONFIG: inject('configFile'),
    SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-admin-mcp-')),
  }));
}, 120_000);

afterAll(async () => {
  await client?.close();
  await putBack();
}, 120_000);

describe('the admin MCP tools over stdio against the dev cluster', () => {
  it('admin_doctor finds a healthy node; admin_status compares checksums, shows no key', async () => {
    const doctor = await call<{ rows: Array<{ node: string; findings: unknown[] }> }>(
      client,
      'admin_doctor',
      { nodes: NODE },
    );
    expect(doctor.isError, doctor.text).toBe(false);
    expect(doctor.text).toBe(`${NODE}: healthy`);
    expect(doctor.data.rows).toEqual([
      { node: NODE, outcome: 'ok', summary: 'healthy', findings: [] },
    ]);
    const status = await call<{ rows: Array<Record<string, unknown>> }>(client, 'admin_status', {
      nodes: 'all',
    });
    expect(status.data.rows.map((r) => [r['node'], r['keyMatches'], r['crossDecode']])).toEqual([
      ['n1', true, 'ok'],
      ['n2', true, 'ok'],
      ['n3', true, 'ok'],
    ]);
    expect(JSON.stringify(status.data)).not.toMatch(/MUNGE:/);
  }, 60_000);

  it('admin_drain and admin_resume ask first with a token, then change the node', async () => {
    const args = { nodes: NODE, reason: 'mcp test' };
    const asked = await call<Change>(client, 'admin_drain', args);
    expect(asked.data).toMatchObject({ status: 'confirmation_required', changing: [NODE] });
    expect(asked.text).toMatch(/^NOT DONE YET: confirmation required/);
    expect(slurmState()).toBe('idle|none');
    const drained = await call<Change>(client, 'admin_drain', {
      ...args,
      confirmToken: asked.data.confirmToken,
    });
    expect(drained.data).toMatchObject({
      status: 'done',
      rows: [{ node: NODE, outcome: 'changed', before: 'idle', after: 'drained' }],
    });
    expect(slurmState()).toBe('drained|slurmdeck: mcp test');

    const again = await call<Change>(client, 'admin_resume', { nodes: NODE });
    const resumed = await call<Change>(client, 'admin_resume', {
      nodes: NODE,
      confirmToken: again.data.confirmToken,
    });
    expect(resumed.data).toMatchObject({
      status: 'done',
      rows: [{ node: NODE, outcome: 'changed', after: 'idle' }],
    });
    expect(slurmState()).toBe('idle|none');
  }, 90_000);

  it("admin_resume leaves an admin's own drain alone: nothing to do, no token", async () => {
    slurmAsRoot(root, ['scontrol', 'update', `nodename=${NODE}`, 'state=drain', 'reason=psu']);
    const refused = await call<Change>(client, 'admin_resume', { nodes: NODE });
    expect(refused.data).toMatchObject({ status: 'nothing_to_do', changing: [] });
    expect(refused.data.confirmToken).toBeUndefined();
    expect(refused.text).toMatch(/their own reason "psu": left alone/);
    expect(slurmState()).toBe('drained|psu');
  }, 60_000);
});
