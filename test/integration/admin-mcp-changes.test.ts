import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, stdioClient } from '../helpers/mcp-clients.js';
import { sha256Of } from './admin-change-helpers.js';
import { devNode, waitNodeBack, type DevNode } from './admin-dev-node.js';

const root = inject('devRoot');
const CONTROLLER = '10.77.0.2';
const NODE = 'n3';
let client: Client;
let n3: DevNode;

interface Change {
  status: string;
  summary: string;
  confirmToken?: string;
  changing: string[];
  notes: string[];
  rows: Array<{ node: string; outcome: string; summary: string; steps?: string[] }>;
}

beforeAll(async () => {
  n3 = devNode(root, NODE);
  await n3.restore(CONTROLLER);
  await waitNodeBack(root, NODE);
  ({ client } = await stdioClient({
    SLURMDECK_CONFIG: inject('configFile'),
    SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-mcp-chg-')),
  }));
}, 120_000);

afterAll(async () => {
  await client?.close();
  await n3.restore(CONTROLLER);
  await waitNodeBack(root, NODE);
}, 120_000);

describe('the changing admin MCP tools over stdio against the dev cluster', () => {
  it('admin_sync conf: slurm.conf changed by hand on a node -> a token first, then the controller copy and scontrol reconfigure', async () => {
    n3.driftConf();
    const controllerConf = join(root, 'hosts', 'ctl', 'etc-slurm', 'slurm.conf');
    const asked = await call<Change>(client, 'admin_sync', { nodes: 'n[1-3]', what: 'conf' });
    expect(asked.isError, asked.text).toBe(false);
    expect(asked.data).toMatchObject({ status: 'confirmation_required', changing: [NODE] });
    expect(asked.text).toMatch(/^NOT DONE YET: confirmation required/);
    expect(readFileSync(n3.confFile, 'utf8')).toMatch(/# changed by hand on n3/);

    const done = await call<Change>(client, 'admin_sync', {
      nodes: 'n[1-3]',
      what: 'conf',
      confirmToken: asked.data.confirmToken,
    });
    expect(done.data.status, done.text).toBe('done');
    expect(done.data.rows.map((r) => [r.node, r.outcome])).toEqual([
      ['n1', 'ok'],
      ['n2', 'ok'],
      [NODE, 'changed'],
    ]);
    expect(done.data.notes).toEqual([
      'scontrol reconfigure: slurmctld and the nodes read the new configuration',
    ]);
    expect(sha256Of(n3.confFile)).toBe(sha256Of(controllerConf));

    const again = await call<Change>(client, 'admin_sync', { nodes: 'n[1-3]', what: 'conf' });
    expect(again.data).toMatchObject({ status: 'nothing_to_do', changing: [] });
  }, 120_000);
});
