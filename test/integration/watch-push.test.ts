import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { JobReport } from '../../src/jobs/index.js';

const configFile = inject('configFile');
const root = inject('devRoot');
const cli = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');
const env = {
  ...process.env,
  SLURMDECK_CONFIG: configFile,
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-push-')),
};
const hookFile = join(root, 'hooks', 'epilog.d', `50-test-${process.pid}`);
const secretFile = join(root, 'test', `hook-${process.pid}.secret`);

afterAll(() => {
  rmSync(hookFile, { force: true });
  rmSync(secretFile, { force: true });
});

const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

/** The secret the hook (run by slurmctld as user slurm) and the watcher share; 0600 as required. */
function writeSecret(): void {
  mkdirSync(join(root, 'test'), { recursive: true });
  writeFileSync(secretFile, `whsec_${randomBytes(24).toString('base64')}\n`, { mode: 0o600 });
  const slurm = Number(execFileSync('id', ['-u', 'slurm'], { encoding: 'utf8' }));
  chownSync(secretFile, slurm, slurm);
}

describe('job ends pushed by the EpilogSlurmctld hook', () => {
  it('reach the watcher at once, long before its next poll, and make one report', async () => {
    writeSecret();
    // Held until the hook is in place, so the job cannot end before anyone listens.
    const jobId = asRoot([
      'sbatch',
      '--parsable',
      '--hold',
      '-o',
      '/dev/null',
      '--wrap',
      'sleep 2; exit 2',
    ]);
    // A 10-minute interval: only a push can end this watch within the test's time.
    const watch = spawn(
      'node',
      [
        cli,
        'watch',
        jobId,
        '--interval',
        '600',
        '--json',
        '--listen',
        '10.77.0.1:0',
        '--push-secret-file',
        secretFile,
      ],
      { env },
    );
    let stdout = '';
    let stderr = '';
    watch.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const address = await new Promise<string>((resolve, reject) => {
      watch.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const match = /taking job-end pushes on (\S+)/.exec(stderr);
        if (match) resolve(match[1] as string);
      });
      watch.once('exit', () => reject(new Error(`watch exited: ${stderr}`)));
    });
    // Run twice, as a retried hook (or one per node) would: still one report.
    const hook = `/usr/bin/node ${cli} hook epilog --url http://${address}/job-end --secret-file ${secretFile}`;
    writeFileSync(hookFile, `#!/bin/sh\n${hook}\n${hook}\n`);
    chmodSync(hookFile, 0o755);
    asRoot(['scontrol', 'release', jobId]);
    const code = await new Promise<number | null>((resolve) => watch.once('exit', resolve));
    expect(code, stderr).toBe(0);
    const reports = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; report: JobReport })
      .filter((line) => line.type === 'finished');
    expect(reports).toHaveLength(1);
    expect(reports[0]?.report).toMatchObject({ jobId, outcome: 'FAILED', exitCode: 2 });
  }, 120_000);

  it('never fails the controller: a hook with nowhere to send exits 0', () => {
    const out = execFileSync('node', [cli, 'hook', 'epilog', '--url', 'http://127.0.0.1:1/x'], {
      env: { ...env, SLURM_JOB_ID: '123', SLURM_CLUSTER_NAME: 'dev' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toBe('');
  });

  it('drops a spool file the watcher can read, for sites without a reachable watcher', () => {
    const spool = mkdtempSync(join(tmpdir(), 'slurmdeck-spool-'));
    execFileSync('node', [cli, 'hook', 'epilog', '--spool', spool], {
      env: { ...env, SLURM_JOB_ID: '77', SLURM_CLUSTER_NAME: 'dev', SLURM_JOB_USER: 'sduser' },
    });
    const file = readFileSync(join(spool, 'job-end-dev-77.json'), 'utf8');
    expect(JSON.parse(file)).toMatchObject({
      type: 'job.ended',
      cluster: 'dev',
      jobId: '77',
      user: 'sduser',
    });
  });
});
