import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { AccountUsage } from '../../src/slurm/index.js';
import { runCli } from '../helpers/run-cli.js';
import { devSite, devSiteEnv } from './dev-site.js';

// The dev cluster's account `lab` has GrpTRESMins of 10000 CPU hours and 1000 GPU hours;
// slurmctld adds up usage per TRES every minute (priority/multifactor, PriorityCalcPeriod=1,
// AccountingStorageEnforce=limits) for jobs running then: the test's job runs long enough for
// a few rounds, and is cancelled at the end.
const site = devSite();
const env = devSiteEnv(inject('configFile'), 'main');
const root = inject('devRoot');
const slurmdeck = (args: string[]) => runCli(['--site', site.name, ...args], env, 90_000);
const jobs: string[] = [];
afterAll(() => {
  if (jobs.length === 0) return;
  execFileSync('scancel', jobs, {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
  });
});

describe('status at a site, with what squota shows', () => {
  it('gives the account’s CPU and GPU hours used against its limits, from sshare', async () => {
    const submitted = await slurmdeck([
      'submit',
      '-p',
      'gpu',
      '-c',
      '2',
      '--gpus',
      '1',
      '-o',
      '/dev/null',
      '--wrap',
      'sleep 300',
      '--json',
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    jobs.push((JSON.parse(submitted.stdout) as { jobId: string }).jobId);
    let lab: AccountUsage | undefined;
    const deadline = Date.now() + 210_000;
    while (Date.now() < deadline) {
      const status = await slurmdeck(['status', '--json']);
      expect(status.code, status.stderr).toBe(0);
      const usage = (JSON.parse(status.stdout) as { usage?: { accounts?: AccountUsage[] } }).usage;
      lab = usage?.accounts?.find((a) => a.account === 'lab');
      if (lab && lab.usedByUser.cpuHours > 0 && lab.usedByUser.gpuHours > 0) break;
      await new Promise((r) => setTimeout(r, 5000));
    }
    expect(lab?.limits).toEqual({ cpuHours: 10000, gpuHours: 1000 });
    expect(lab?.usedByUser.cpuHours).toBeGreaterThan(0);
    expect(lab?.usedByUser.gpuHours).toBeGreaterThan(0);
    expect(lab?.used.cpuHours).toBeGreaterThanOrEqual(lab?.usedByUser.cpuHours as number);
    const text = await slurmdeck(['status']);
    expect(text.stdout).toMatch(
      /^account lab: CPU [\d.]+ h of 10000 h, GPU [\d.]+ h of 1000 h; yours /m,
    );
  }, 270_000);
});
