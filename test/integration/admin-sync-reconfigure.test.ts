import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ChangeReport } from '../../src/admin/index.js';
import { PENDING_FILE } from '../../src/admin/change/reconfigure-pending.js';
import { cliPath } from '../helpers/run-cli.js';
import { adminChangeCli } from './admin-change-helpers.js';
import { devNode, waitNodeBack } from './admin-dev-node.js';

const configFile = inject('configFile');
const root = inject('devRoot');
const cli = adminChangeCli(configFile);
const n1 = devNode(root, 'n1');
const ctlDir = join(root, 'hosts', 'ctl');
const controllerConf = () => readFileSync(join(ctlDir, 'etc-slurm', 'slurm.conf'), 'utf8');
/** How many `scontrol reconfigure` slurmctld has completed, from its own log. */
const reconfigures = () =>
  readFileSync(join(ctlDir, 'log', 'slurmctld.log'), 'utf8').split(
    '_slurm_rpc_reconfigure_controller: completed',
  ).length - 1;
const json = <T>(stdout: string) => JSON.parse(stdout) as T;

/**
 * sync-conf on n1, SIGKILLed as soon as n1's slurm.conf is the controller's: between its write
 * and its `scontrol reconfigure`, when that reconfigure had not run yet. Resolves with whether
 * the kill landed there (the reconfigure may win the race: then the caller tries again).
 */
async function killAfterWrite(): Promise<boolean> {
  n1.driftConf();
  const before = reconfigures();
  const wanted = controllerConf();
  const child = spawn('node', [cliPath, 'admin', 'sync-conf', 'n1', '--yes'], {
    env: cli.env,
    stdio: 'ignore',
  });
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 30_000;
  while (readFileSync(n1.confFile, 'utf8') !== wanted && Date.now() < deadline) {
    await new Promise((r) => setImmediate(r));
  }
  child.kill('SIGKILL');
  await exited;
  // An ssh it started may still finish what it was sending.
  await new Promise((r) => setTimeout(r, 1500));
  expect(readFileSync(n1.confFile, 'utf8')).toBe(wanted);
  return reconfigures() === before;
}

afterAll(async () => {
  await n1.restore('10.77.0.2');
  await waitNodeBack(root, 'n1');
}, 120_000);

describe('sync-conf killed after its writes, before scontrol reconfigure', () => {
  it('the next run reconfigures though every file is right, then has nothing to change', async () => {
    let caught = false;
    for (let attempt = 0; attempt < 8 && !caught; attempt++) caught = await killAfterWrite();
    expect(caught, 'no kill landed between the write and the reconfigure').toBe(true);
    expect(existsSync(PENDING_FILE)).toBe(true);
    const before = reconfigures();

    const dry = await cli.run(['sync-conf', 'n1', '--dry-run', '--json']);
    expect(json<ChangeReport>(dry.stdout).rows[0]).toMatchObject({
      node: 'n1',
      outcome: 'planned',
      summary: 'would scontrol reconfigure (an earlier sync-conf was stopped before it)',
    });
    const rerun = await cli.run(['sync-conf', 'n1', '--yes', '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const report = json<ChangeReport>(rerun.stdout);
    expect(report.rows[0]).toMatchObject({ node: 'n1', outcome: 'changed' });
    expect(report.notes.join('\n')).toMatch(/^scontrol reconfigure/);
    expect(reconfigures()).toBe(before + 1);
    expect(existsSync(PENDING_FILE)).toBe(false);

    const again = await cli.run(['sync-conf', 'n1']);
    expect(again.stdout).toMatch(/nothing to change$/m);
    expect(reconfigures()).toBe(before + 1);
  }, 300_000);
});
