import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ChangeReport } from '../../src/admin/index.js';
import { restartMunged, stopNode } from '../../src/devcluster/index.js';
import { cliPath } from '../helpers/run-cli.js';
import { adminChangeCli } from './admin-change-helpers.js';
import { devNode, slurmAsRoot, waitNodeBack, type DevNode } from './admin-dev-node.js';

const configFile = inject('configFile');
const root = inject('devRoot');
const CONTROLLER = '10.77.0.2';
const cli = adminChangeCli(configFile);

let nodes: DevNode[];

const json = (stdout: string) => JSON.parse(stdout) as ChangeReport;
const state = (node: string) =>
  slurmAsRoot(root, ['sinfo', '-h', '-n', node, '-o', '%t']).split('\n')[0] ?? '';
const scontrol = (...args: string[]) => slurmAsRoot(root, ['scontrol', ...args]);
const drain = (node: string, reason: string) =>
  scontrol('update', `nodename=${node}`, 'state=drain', `reason=${reason}`);

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function restoreAll(): Promise<void> {
  for (const node of nodes) {
    if (/drain/.test(state(node.name))) scontrol('update', `nodename=${node.name}`, 'state=resume');
    await node.restore(CONTROLLER);
  }
  for (const node of nodes) await waitNodeBack(root, node.name);
  // A munged restart makes slurmctld's next ping fail: the node shows `idle*` for a moment.
  for (const node of nodes)
    await until(`${node.name} idle`, () => state(node.name) === 'idle', 60_000);
}

beforeAll(async () => {
  nodes = ['n1', 'n2', 'n3'].map((name) => devNode(root, name));
  await restoreAll();
}, 180_000);

// The suite shares the cluster: every node back in service, daemons as `up` made them.
afterAll(async () => {
  await restoreAll();
}, 180_000);

describe('slurmdeck admin recover', () => {
  it('slurmd killed: idle* -> recover starts slurmd, verifies it registered -> idle', async () => {
    await stopNode(root, 'n3');
    await until('n3 not responding', () => state('n3').endsWith('*'), 60_000);
    const { code, stdout } = await cli.run(['recover', 'n3', '--yes', '--json']);
    expect(code).toBe(0);
    const row = json(stdout).rows[0];
    expect(row).toMatchObject({ node: 'n3', outcome: 'changed' });
    expect(row?.detail?.steps).toContain('start slurmd');
    expect(row?.detail?.before).toMatch(/slurmd down/);
    await until('n3 idle', () => state('n3') === 'idle', 30_000);
    const entry = cli.audit().find((e) => e.action === 'admin.recover');
    expect(entry).toMatchObject({
      target: { node: 'n3' },
      confirmedVia: 'yes-flag',
      outcome: 'done',
    });
    const again = await cli.run(['recover', 'n3']);
    expect(again.stdout).toMatch(/^n3: ok: healthy$/m);
  }, 150_000);

  it("resumes a node slurmdeck drained, never an admin's own drain (unless --force names it); --dry-run changes nothing", async () => {
    drain('n1', 'slurmdeck: test drain');
    drain('n2', 'disk check by alice');
    const dry = await cli.run(['recover', 'n[1-2]', '--dry-run', '--json']);
    expect(json(dry.stdout).rows.map((r) => [r.node, r.outcome])).toEqual([
      ['n1', 'planned'],
      ['n2', 'ok'],
    ]);
    expect(state('n1')).toBe('drain');

    const { code, stdout } = await cli.run(['recover', 'n[1-2]', '--yes', '--json']);
    expect(code).toBe(0);
    const rows = json(stdout).rows;
    expect(rows[0]).toMatchObject({ node: 'n1', outcome: 'changed' });
    expect(rows[0]?.detail?.steps).toEqual(['resume']);
    expect(rows[1]).toMatchObject({ node: 'n2', outcome: 'ok' });
    expect(rows[1]?.summary).toMatch(/by an admin with their own reason ".*": left alone/);
    await until('n1 idle', () => state('n1') === 'idle', 30_000);
    expect(state('n2')).toBe('drain');
    expect(scontrol('show', 'node', 'n2')).toMatch(/Reason=disk check by alice/);

    const forced = await cli.run(['recover', 'n2', '--force', 'n2', '--yes']);
    expect(forced.stdout).toMatch(/^n2: changed: resume; now IDLE/m);
    await until('n2 idle', () => state('n2') === 'idle', 30_000);
  }, 120_000);

  it('--watch gives up on a node a restart cannot fix and notifies through the outbox, instead of flapping', async () => {
    const received: Array<{ type: string; data: { title: string; text: string } }> = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as (typeof received)[number]);
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const config = parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    config['notify'] = {
      channels: { ops: `webhook+http://127.0.0.1:${port}/hook` },
      defaultChannels: ['ops'],
    };
    const file = join(cli.stateDir, 'config.yaml');
    writeFileSync(file, stringify(config), { mode: 0o600 });

    // A key munged refuses, and munged down: a restart fails every time.
    const n3 = nodes[2] as DevNode;
    n3.chmodKey(0o644);
    expect(await restartMunged(root, 'n3', { waitReady: false })).toBe(false);
    const watch = spawn(
      'node',
      [
        cliPath,
        'admin',
        'recover',
        'n3',
        '--watch',
        '--yes',
        '--interval',
        '1',
        '--max-tries',
        '2',
      ],
      { env: { ...cli.env, SLURMDECK_CONFIG: file }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    watch.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await until('the gave-up notification', () => received.length > 0, 60_000);
      // Given up: no more tries, no second message.
      await new Promise((r) => setTimeout(r, 4000));
    } finally {
      watch.kill('SIGTERM');
      server.close();
    }
    expect(received).toHaveLength(1);
    expect(received[0]?.type).toBe('admin.recover.gave_up');
    expect(received[0]?.data.title).toMatch(/\[dev\] node n3: recover gave up/);
    expect(received[0]?.data.text).toMatch(/munge_key_insecure/);
    expect(output.match(/^n3: failed:/gm)).toHaveLength(2);
    expect(output).toMatch(/^n3: gave up after 2 tries; notifying$/m);
  }, 120_000);
});
