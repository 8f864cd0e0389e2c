import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAuditLog } from '../../src/audit/index.js';
import { openDatabase } from '../../src/store/index.js';
import { runCli } from '../helpers/run-cli.js';
import { slurmAsRoot, waitNodeBack } from './admin-dev-node.js';

const root = inject('devRoot');
const stateDir = mkdtempSync(join(tmpdir(), 'slurmdeck-admin-drain-'));
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: stateDir,
};
const NODE = 'n3';

const admin = (args: string[]) => runCli(['admin', ...args], env);
const slurmState = () =>
  slurmAsRoot(root, ['sinfo', '-h', '-n', NODE, '-o', '%T|%E']).split('\n')[0] ?? '';

async function putBack(): Promise<void> {
  if (/drain|down/.test(slurmState())) {
    slurmAsRoot(root, ['scontrol', 'update', `nodename=${NODE}`, 'state=resume']);
  }
  await waitNodeBack(root, NODE);
}

beforeAll(putBack, 120_000);
afterAll(putBack, 120_000);

describe('slurmdeck admin drain and resume on the dev cluster', () => {
  it('asks first: without a terminal and without --yes nothing is drained', async () => {
    const refused = await admin(['drain', NODE, '--reason', 'cli test']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(
      /Drain 1 node\(s\) on cluster dev with reason "slurmdeck: cli test"/,
    );
    expect(refused.stderr).toMatch(/CONFIRMATION_REQUIRED: drain 1 node\(s\)\?/);
    expect(slurmState()).toBe('idle|none');
  });

  it("--dry-run shows the plan from Slurm's state and changes nothing", async () => {
    const plan = await admin(['drain', NODE, '--reason', 'cli test', '--dry-run']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`^${NODE}: idle -> drain$`, 'm'));
    expect(slurmState()).toBe('idle|none');
  });

  it('drains with --yes, resumes, and writes both to the audit log', async () => {
    const drained = await admin(['drain', NODE, '--reason', 'cli test', '--yes', '--json']);
    expect(drained.code, drained.stderr).toBe(0);
    expect(JSON.parse(drained.stdout)).toMatchObject({
      rows: [{ node: NODE, outcome: 'changed', detail: { before: 'idle', after: 'drained' } }],
    });
    expect(slurmState()).toBe('drained|slurmdeck: cli test');
    const resumed = await admin(['resume', NODE, '--yes']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`^${NODE}\\s+changed\\s+drained\\s+idle\\s`, 'm'));
    expect(slurmState()).toBe('idle|none');
    const db = openDatabase({ file: join(stateDir, 'slurmdeck.db') });
    try {
      expect(createAuditLog(db).entries()).toMatchObject([
        { face: 'cli', action: 'node.resume', confirmedVia: 'yes-flag', outcome: 'done' },
        {
          face: 'cli',
          action: 'node.drain',
          target: { nodes: [NODE], before: [`${NODE} idle`], after: [`${NODE} drained`] },
        },
      ]);
    } finally {
      db.close();
    }
  }, 60_000);

  it("exits 1 and leaves an admin's own drain alone; --force resumes it", async () => {
    slurmAsRoot(root, ['scontrol', 'update', `nodename=${NODE}`, 'state=drain', 'reason=rma']);
    const refused = await admin(['resume', NODE, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/by an admin with their own reason "rma": left alone/);
    expect(slurmState()).toBe('drained|rma');
    const forced = await admin(['resume', NODE, '--force', '--yes']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(slurmState()).toBe('idle|none');
  }, 60_000);
});
