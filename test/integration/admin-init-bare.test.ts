import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ChangeReport } from '../../src/admin/index.js';
import { readState } from '../../src/devcluster/state.js';
import { runCli } from '../helpers/run-cli.js';
import { adminChangeCli } from './admin-change-helpers.js';
import { slurmAsRoot, waitNodeBack } from './admin-dev-node.js';

const configFile = inject('configFile');
const root = inject('devRoot');
const cli = adminChangeCli(configFile);
const devCli = (args: string[]) =>
  runCli(['dev-cluster', 'node', ...args], { ...process.env, SLURMDECK_DEV_ROOT: root }, 120_000);
const ctlConf = () => readFileSync(join(root, 'hosts', 'ctl', 'etc-slurm', 'slurm.conf'), 'utf8');

interface StatusRow {
  node: string;
  outcome: string;
  detail?: { munged: { running: boolean }; slurmd: { running: boolean } };
}

const confAsUp = ctlConf();

afterAll(async () => {
  const removed = await devCli(['remove', 'n4']);
  expect(removed.code, removed.stderr).toBe(0);
}, 120_000);

describe('admin init on a host added bare with dev-cluster node add', () => {
  it('n4 starts with sshd only; init brings it in, a job runs there; a second init changes nothing', async () => {
    const added = await devCli(['add', 'n4']);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/^n4: added, bare/);
    expect(ctlConf()).toMatch(/^NodeName=n4 NodeAddr=10\.77\.0\.14 /m);
    const n4 = join(root, 'hosts', 'n4');
    expect(existsSync(join(n4, 'etc-munge', 'munge.key'))).toBe(false);
    expect(existsSync(join(n4, 'etc-slurm', 'slurm.conf'))).toBe(false);
    expect(
      readState(root)
        ?.hosts.find((h) => h.name === 'n4')
        ?.daemons.map((d) => d.name),
    ).toEqual(['sshd']);

    const again = await devCli(['add', 'n4']);
    expect(again.stdout).toMatch(/^n4 is already in the dev cluster; nothing changed/);

    const status = await cli.run(['status', 'n4', '--json']);
    const row = (JSON.parse(status.stdout) as { rows: StatusRow[] }).rows[0];
    expect(row?.node).toBe('n4');
    expect(row?.detail?.munged.running).toBe(false);
    expect(row?.detail?.slurmd.running).toBe(false);

    const init = await cli.run(['init', 'n4', '--yes', '--json'], 180_000);
    expect(init.code, init.stderr).toBe(0);
    const initRow = (JSON.parse(init.stdout) as ChangeReport).rows[0];
    expect(initRow).toMatchObject({ node: 'n4', outcome: 'changed' });
    expect(readFileSync(join(n4, 'etc-slurm', 'slurm.conf'), 'utf8')).toBe(ctlConf());
    await waitNodeBack(root, 'n4', 60_000);
    expect(slurmAsRoot(root, ['srun', '-p', 'added', '-w', 'n4', '-N', '1', 'hostname'])).toBe(
      'n4',
    );

    const second = await cli.run(['init', 'n4']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/nothing to change$/m);
  }, 300_000);

  it('refuses names node add does not take, saying which it does', async () => {
    const made = await devCli(['add', 'n2']);
    expect(made.code).not.toBe(0);
    expect(made.stderr).toMatch(/n2 is one of the hosts `up` made/);
    const odd = await devCli(['add', 'n17']);
    expect(odd.code).not.toBe(0);
    expect(odd.stderr).toMatch(/n4\.\.n16/);
  });
});

describe('node remove', () => {
  it('leaves slurm.conf and the partitions as up made them', async () => {
    const removed = await devCli(['remove', 'n4']);
    expect(removed.stdout).toMatch(/^n4: (removed|is not in the dev cluster)/);
    expect(ctlConf()).toBe(confAsUp);
    expect(readState(root)?.added).toBeUndefined();
    expect(readState(root)?.hosts.some((h) => h.name === 'n4')).toBe(false);
    expect(slurmAsRoot(root, ['sinfo', '-h', '-N', '-o', '%N']).split('\n').sort()).toEqual(
      expect.arrayContaining(['n1', 'n2', 'n3']),
    );
    expect(slurmAsRoot(root, ['sinfo', '-h', '-N', '-o', '%N'])).not.toMatch(/n4/);
  }, 120_000);
});
