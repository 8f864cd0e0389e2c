import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChangeReport } from '../../src/admin/index.js';
import { stopMunged, stopNode } from '../../src/devcluster/index.js';
import { adminChangeCli, sha256Of } from './admin-change-helpers.js';
import { devNode, slurmAsRoot, waitNodeBack, type DevNode } from './admin-dev-node.js';

const configFile = inject('configFile');
const root = inject('devRoot');
const CONTROLLER = '10.77.0.2';
const cli = adminChangeCli(configFile);
const CONF = ['slurm.conf', 'gres.conf', 'cgroup.conf'];

let n3: DevNode;
let saved: Map<string, Buffer>;
const etcSlurm = (file: string) => join(root, 'hosts', 'n3', 'etc-slurm', file);

/** n3 as `up` made it: its files back if a run left them missing, then its daemons. */
async function restore(): Promise<void> {
  for (const [file, content] of saved) if (!existsSync(file)) writeFileSync(file, content);
  await n3.restore(CONTROLLER);
  await waitNodeBack(root, 'n3');
}

beforeAll(async () => {
  n3 = devNode(root, 'n3');
  saved = new Map(CONF.map((f) => [etcSlurm(f), readFileSync(etcSlurm(f))]));
  await restore();
}, 120_000);

afterAll(async () => {
  await restore();
}, 120_000);

describe('slurmdeck admin init', () => {
  it('brings a host with no key, no config and no daemons into the cluster, step by step; a job runs there; a second run changes nothing', async () => {
    await stopNode(root, 'n3');
    await stopMunged(root, 'n3');
    rmSync(n3.keyFile);
    for (const file of CONF) rmSync(etcSlurm(file));

    const dry = await cli.run(['init', 'n3', '--dry-run', '--json']);
    const planned = (JSON.parse(dry.stdout) as ChangeReport).rows[0];
    expect(planned?.outcome).toBe('planned');
    expect(planned?.detail?.steps.slice(0, 6)).toEqual([
      'write the key',
      'write slurm.conf',
      'write gres.conf',
      'write cgroup.conf',
      'start munged',
      'start slurmd',
    ]);
    expect(existsSync(n3.keyFile)).toBe(false);

    const { code, stdout } = await cli.run(['init', 'n3', '--yes', '--json'], 180_000);
    expect(code).toBe(0);
    const row = (JSON.parse(stdout) as ChangeReport).rows[0];
    expect(row).toMatchObject({ node: 'n3', outcome: 'changed' });
    expect(row?.detail?.before).toMatch(/^key missing; slurm\.conf missing;/);
    expect(sha256Of(n3.keyFile)).toBe(
      sha256Of(join(root, 'hosts', 'ctl', 'etc-munge', 'munge.key')),
    );
    for (const file of CONF) {
      expect(readFileSync(etcSlurm(file))).toEqual(
        readFileSync(join(root, 'hosts', 'ctl', 'etc-slurm', file)),
      );
    }
    await waitNodeBack(root, 'n3', 60_000);
    expect(slurmAsRoot(root, ['srun', '-w', 'n3', '-N', '1', 'hostname'])).toBe('n3');

    const again = await cli.run(['init', 'n3']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^n3: ok: initialized: key and config the controller's/m);
    expect(again.stdout).toMatch(/nothing to change$/m);
    expect(cli.audit().filter((e) => e.action === 'admin.init')).toHaveLength(1);
  }, 240_000);
});
