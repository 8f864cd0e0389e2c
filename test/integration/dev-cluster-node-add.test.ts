import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readState } from '../../src/devcluster/state.js';
import { runCli } from '../helpers/run-cli.js';
import { slurmAsRoot } from './admin-dev-node.js';

const root = inject('devRoot');
const devCli = (args: string[]) =>
  runCli(['dev-cluster', 'node', ...args], { ...process.env, SLURMDECK_DEV_ROOT: root }, 300_000);
const ctlDir = join(root, 'hosts', 'ctl');
const ctlConf = () => readFileSync(join(ctlDir, 'etc-slurm', 'slurm.conf'), 'utf8');
/** How many times slurmctld has started, from its own log. */
const ctldStarts = () =>
  readFileSync(join(ctlDir, 'log', 'slurmctld.log'), 'utf8').split(/slurmctld version \S+ started/)
    .length - 1;

const confAsUp = ctlConf();

afterAll(async () => {
  const removed = await devCli(['remove', 'n[5-8]']);
  expect(removed.code, removed.stderr).toBe(0);
}, 300_000);

describe('dev-cluster node add and remove of several hosts', () => {
  it('adds a hostlist and a name in one go, with one slurmctld restart; removes them the same way', async () => {
    const starts = ctldStarts();
    const added = await devCli(['add', 'n[5-6]', 'n7', 'n5']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout.trim().split('\n')).toEqual([
      'n5: added, bare (slurmdeck --cluster dev admin init n5 brings it in)',
      'n6: added, bare (slurmdeck --cluster dev admin init n6 brings it in)',
      'n7: added, bare (slurmdeck --cluster dev admin init n7 brings it in)',
    ]);
    expect(ctldStarts()).toBe(starts + 1);
    expect(ctlConf()).toMatch(/^PartitionName=added Nodes=n5,n6,n7 /m);
    expect(slurmAsRoot(root, ['sinfo', '-h', '-p', 'added', '-N', '-o', '%N']).split('\n')).toEqual(
      ['n5', 'n6', 'n7'],
    );
    expect(readState(root)?.added).toEqual(['n5', 'n6', 'n7']);

    const again = await devCli(['add', 'n[6-7]']);
    expect(again.stdout).toMatch(/^n6 is already in the dev cluster; nothing changed$/m);
    expect(ctldStarts()).toBe(starts + 1);

    const refused = await devCli(['add', 'n8', 'n2']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/n2 is one of the hosts `up` made/);
    expect(readState(root)?.added).toEqual(['n5', 'n6', 'n7']);

    const removed = await devCli(['remove', 'n[5-7]']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout.trim().split('\n')).toEqual([
      'n5: removed',
      'n6: removed',
      'n7: removed',
    ]);
    expect(ctldStarts()).toBe(starts + 2);
    expect(ctlConf()).toBe(confAsUp);
    expect(readState(root)?.added).toBeUndefined();
  }, 300_000);
});

describe('dev-cluster node add --configless', () => {
  it("makes a compute host with no Slurm config whose slurmd fetched the controller's, and a job runs there", async () => {
    const added = await devCli(['add', '--configless', 'n8']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^n8: added, configless/m);
    const n8 = join(root, 'hosts', 'n8');
    expect(existsSync(join(n8, 'etc-slurm', 'slurm.conf'))).toBe(false);
    expect(readFileSync(join(n8, 'spool-slurmd', 'conf-cache', 'slurm.conf'), 'utf8')).toBe(
      ctlConf(),
    );
    const slurmd = readState(root)
      ?.hosts.find((h) => h.name === 'n8')
      ?.daemons.find((d) => d.name === 'slurmd');
    expect(slurmd?.confServer).toBe('10.77.0.2:6817');
    expect(slurmAsRoot(root, ['srun', '-p', 'added', '-w', 'n8', '-N', '1', 'hostname'])).toBe(
      'n8',
    );
    const removed = await devCli(['remove', 'n8']);
    expect(removed.stdout).toMatch(/^n8: removed$/m);
    expect(ctlConf()).toBe(confAsUp);
  }, 300_000);
});
