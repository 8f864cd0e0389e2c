import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { JobReport } from '../../src/jobs/index.js';
import { runCli } from '../helpers/run-cli.js';

const configFile = inject('configFile');

describe('a stale poller lock naming a live pid', () => {
  it('is taken over by `watch`, which then reports the job end', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'slurmdeck-lock-'));
    const env = { ...process.env, SLURMDECK_CONFIG: configFile, SLURMDECK_STATE_DIR: stateDir };
    // What a reboot, a restarted container or a hand edit leaves behind: pid 1 lives on any host.
    const lock = join(stateDir, 'poller-dev.lock');
    writeFileSync(lock, `${hostname()}:1\n`);
    const submitted = await runCli(
      ['submit', '--wrap', 'sleep 2', '-p', 'cpu', '-o', '/dev/null', '--json'],
      env,
    );
    expect(submitted.code, submitted.stderr).toBe(0);
    const { jobId } = JSON.parse(submitted.stdout) as { jobId: string };
    // Text output: it would say "following the watcher of dev (pid 1)" if it trusted the lock.
    const watched = await runCli(['watch', jobId, '--interval', '1'], env, 90_000);
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).not.toContain('following the watcher');
    expect(watched.stdout).toContain(jobId);
    const json = await runCli(['watch', 'status', '--json'], env);
    const { jobs } = JSON.parse(json.stdout) as {
      jobs: Array<{ jobId: string; ended: boolean; report?: JobReport }>;
    };
    expect(jobs.find((job) => job.jobId === jobId)).toMatchObject({ ended: true });
    // The watcher released the lock it took: nothing names pid 1 any more.
    expect(() => readFileSync(lock, 'utf8')).toThrow();
  });
});
