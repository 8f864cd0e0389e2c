import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import type { ChangeReport, DoctorReport } from '../../src/admin/index.js';
import { FileContent, openAdminAccess, writeFileAtomic } from '../../src/admin/index.js';
import type { AdminSettings } from '../../src/core/config.js';
import { restartMunged } from '../../src/devcluster/index.js';
import { cliPath } from '../helpers/run-cli.js';
import { devNode, slurmAsRoot, waitNodeBack, type DevNode } from './admin-dev-node.js';
import { adminChangeCli, secretPieces, sha256Of, waitResponding } from './admin-change-helpers.js';

const configFile = inject('configFile');
const root = inject('devRoot');
const CONTROLLER = '10.77.0.2';
const cli = adminChangeCli(configFile);

let nodes: DevNode[];
let n3: DevNode;

const json = <T>(stdout: string) => JSON.parse(stdout) as T;
const outcomes = (report: ChangeReport) => report.rows.map((r) => [r.node, r.outcome]);

async function findings(node: string): Promise<string[]> {
  const { stdout } = await cli.run(['doctor', node, '--json']);
  return (json<DoctorReport>(stdout).rows[0]?.detail?.findings ?? []).map((f) => f.code);
}

async function restoreAll(): Promise<void> {
  for (const node of nodes) await node.restore(CONTROLLER);
  for (const node of nodes) await waitNodeBack(root, node.name);
}

beforeAll(async () => {
  nodes = ['n1', 'n2', 'n3'].map((name) => devNode(root, name));
  n3 = nodes[2] as DevNode;
  await restoreAll();
}, 180_000);

// The suite shares the cluster: n3 goes back to what `up` made after every test.
afterEach(async () => {
  await n3.restore(CONTROLLER);
  await waitNodeBack(root, 'n3');
}, 120_000);

afterAll(async () => {
  await restoreAll();
}, 180_000);

describe('admin sync-munge: the controller key on the node, munged using it', () => {
  it('a replaced key: doctor says mismatch, sync-munge fixes it (audited, no key bytes anywhere), a job runs there, a second run changes nothing', async () => {
    n3.writeOtherKey();
    await restartMunged(root, 'n3');
    expect(await findings('n3')).toEqual(['munge_key_mismatch']);

    const fixed = await cli.run(['sync-munge', 'n[1-3]', '--yes', '--json']);
    expect(fixed.code).toBe(0);
    const report = json<ChangeReport>(fixed.stdout);
    expect(outcomes(report)).toEqual([
      ['n1', 'ok'],
      ['n2', 'ok'],
      ['n3', 'changed'],
    ]);
    // slurmctld marked it not responding while the keys differed; it answers again now.
    await waitNodeBack(root, 'n3', 60_000);
    await waitResponding(root, 'n3');
    expect(await findings('n3')).toEqual([]);
    expect(sha256Of(n3.keyFile)).toBe(
      sha256Of(join(root, 'hosts', 'ctl', 'etc-munge', 'munge.key')),
    );
    expect(slurmAsRoot(root, ['srun', '-w', 'n3', '-N', '1', 'hostname'])).toBe('n3');

    const entries = cli.audit().filter((e) => e.action === 'admin.sync-munge');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      face: 'cli',
      cluster: 'dev',
      confirmedVia: 'yes-flag',
      outcome: 'done',
      target: { node: 'n3' },
    });
    expect(entries[0]?.actor).not.toBe('');
    expect(String(entries[0]?.target['before'])).toMatch(/^sha256:[0-9a-f]{16} munge:munge 400/);
    expect(String(entries[0]?.target['after'])).toMatch(
      /^sha256:[0-9a-f]{16} munge:munge 400, decodes/,
    );
    const everything = fixed.stdout + fixed.stderr + JSON.stringify(cli.audit());
    for (const piece of secretPieces(n3.keyFile)) expect(everything).not.toContain(piece);

    const again = await cli.run(['sync-munge', 'n[1-3]']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to change$/m);
    expect(cli.audit().filter((e) => e.action === 'admin.sync-munge')).toHaveLength(1);
  });

  it('the right key on disk but munged not restarted: restart munge fixes it', async () => {
    n3.writeOtherKey();
    await restartMunged(root, 'n3');
    await new Promise((r) => setTimeout(r, 2000));
    n3.writeRightKey();
    expect(await findings('n3')).toEqual(['munge_key_not_loaded']);
    const restarted = await cli.run(['restart', 'munge', 'n3', '--yes']);
    expect(restarted.stdout).toMatch(
      /^n3: changed: munged restarted; the controller's credential decodes$/m,
    );
    expect(restarted.code).toBe(0);
    await waitResponding(root, 'n3');
    expect(await findings('n3')).toEqual([]);
    const started = await cli.run(['start', 'munge', 'n3']);
    expect(started.stdout).toMatch(/^n3: ok: munged already running/m);
  });

  it('a key file of mode 0644 owned by root: sync-munge sets munge:munge 0400 without asking twice', async () => {
    n3.chmodKey(0o644);
    n3.chownKeyToRoot();
    const fixed = await cli.run(['sync-munge', 'n3', '--yes']);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/^n3: changed: key written, munged restarted/m);
    const stat = statSync(n3.keyFile);
    expect(stat.mode & 0o777).toBe(0o400);
    expect(stat.uid).toBe(statSync(join(root, 'hosts', 'ctl', 'etc-munge', 'munge.key')).uid);
    await waitResponding(root, 'n3');
    expect(await findings('n3')).toEqual([]);
  });

  it('--dry-run and a refused confirmation change nothing; the refusal names the command with --yes', async () => {
    const audited = () =>
      cli.audit().filter((e) => e.target['node'] === 'n3' && e.action === 'admin.sync-munge');
    const entries = audited().length;
    n3.writeOtherKey();
    const broken = sha256Of(n3.keyFile);
    const dry = await cli.run(['sync-munge', 'n3', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const plan = json<ChangeReport>(dry.stdout);
    expect(plan.rows[0]).toMatchObject({
      node: 'n3',
      outcome: 'planned',
      summary: expect.stringMatching(/^would write \/etc\/munge\/munge\.key/),
    });
    const refused = await cli.run(['sync-munge', 'n3']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/CONFIRMATION_REQUIRED/);
    expect(refused.stderr).toContain('slurmdeck admin sync-munge n3 --yes');
    expect(sha256Of(n3.keyFile)).toBe(broken);
    expect(audited()).toHaveLength(entries);
  });
});

describe('writes are atomic: a node has the old file or the new one, never a part', () => {
  it('a copy that does not arrive whole is never renamed over the file', async () => {
    const config = parse(readFileSync(configFile, 'utf8')) as {
      clusters: { dev: { admin: AdminSettings } };
    };
    const access = openAdminAccess('dev', config.clusters.dev.admin);
    try {
      const conf = n3.confFile;
      const before = readFileSync(conf, 'utf8');
      const content = new FileContent(Buffer.from(`${before}# new\n`).toString('base64'));
      const cut = {
        sha256: content.sha256,
        stdin: () => content.stdin().slice(0, 40),
        toJSON: () => '',
      };
      await expect(
        writeFileAtomic(
          access.node('10.77.0.13'),
          {
            path: '/etc/slurm/slurm.conf',
            sha256: content.sha256,
            owner: 'root',
            group: 'root',
            mode: '644',
          },
          cut as unknown as FileContent,
        ),
      ).rejects.toThrow(/was not written: the copy's checksum/);
      expect(readFileSync(conf, 'utf8')).toBe(before);
      expect(
        readdirSync(join(root, 'hosts', 'n3', 'etc-slurm')).filter((f) =>
          f.startsWith('.slurmdeck-'),
        ),
      ).toEqual([]);
    } finally {
      await access.close();
    }
  });

  it('sync-conf killed with SIGKILL at any moment leaves each node with the old or the new slurm.conf; a full run then fixes all, once', async () => {
    const controllerConf = readFileSync(
      join(root, 'hosts', 'ctl', 'etc-slurm', 'slurm.conf'),
      'utf8',
    );
    for (const delay of [900, 1400, 1900, 2400, 2900, 3600]) {
      for (const node of nodes) node.driftConf();
      const drifted = nodes.map((n) => readFileSync(n.confFile, 'utf8'));
      const child = spawn(
        'node',
        [cliPath, 'admin', 'sync-conf', 'n[1-3]', '--yes', '--concurrency', '1'],
        {
          env: cli.env,
          stdio: 'ignore',
        },
      );
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      // Its ssh children may still finish a write they had whole: wait for them.
      await new Promise((r) => setTimeout(r, 1500));
      nodes.forEach((node, i) => {
        expect([drifted[i], controllerConf]).toContain(readFileSync(node.confFile, 'utf8'));
      });
    }
    for (const node of nodes) node.driftConf();
    const full = await cli.run(['sync-conf', 'n[1-3]', '--yes', '--json']);
    expect(full.code).toBe(0);
    const report = json<ChangeReport>(full.stdout);
    expect(report.rows.map((r) => r.outcome)).toEqual(['changed', 'changed', 'changed']);
    expect(report.notes.join('\n')).toMatch(/scontrol reconfigure/);
    for (const node of nodes) expect(readFileSync(node.confFile, 'utf8')).toBe(controllerConf);
    const again = await cli.run(['sync-conf', 'n[1-3]']);
    expect(again.stdout).toMatch(/nothing to change$/m);
    expect(await findings('n3')).toEqual([]);
  }, 120_000);
});

describe('admin sync-ssh', () => {
  it('adds a public key once, and that key then logs in', async () => {
    const file = join(root, 'ssh', 'authorized_keys', 'sduser');
    const before = readFileSync(file, 'utf8');
    const dir = readdirSync(join(root, 'ssh'));
    expect(dir).toContain('id_ed25519.pub');
    const key = join(cli.stateDir, 'k');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'admin-sync-test', '-f', key]);
    try {
      const args = ['sync-ssh', 'n1', '--key', `${key}.pub`, '--user', 'sduser', '--file', file];
      const added = await cli.run([...args, '--yes']);
      expect(added.stdout).toMatch(/^n1: changed: key added/m);
      const login = spawnSync(
        'ssh',
        [
          '-i',
          key,
          '-o',
          'IdentitiesOnly=yes',
          '-o',
          'BatchMode=yes',
          '-o',
          `UserKnownHostsFile=${join(root, 'ssh', 'known_hosts')}`,
          'sduser@10.77.0.11',
          'hostname',
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(login.stdout.trim()).toBe('n1');
      const again = await cli.run(args);
      expect(again.stdout).toMatch(/^n1: ok: the key is already in/m);
      expect(readFileSync(file, 'utf8').startsWith(before.trimEnd())).toBe(true);
    } finally {
      writeFileSync(file, before);
    }
  });
});
