import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { transportFor } from '../../src/sites/index.js';
import { loadConfig, resolveCluster } from '../../src/core/config.js';
import { completionRecordPath, parseCompletionRecord } from '../../src/jobs/completion-path.js';
import type { CompletionRecord } from '../../src/jobs/types.js';
import { createSlurmClient, type SlurmClient } from '../../src/slurm/index.js';
import { quoteArgv, type Transport } from '../../src/transport/index.js';
import { releaseRequeuedJob } from './requeue-release.js';

const configFile = inject('configFile');
const root = inject('devRoot');
// Compute hosts share this machine's filesystem, so jobs run the freshly built CLI.
const cli = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');

/** Plain Slurm commands as root in this shell, through the dev cluster's client config. */
const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

/** The job's state, so a timeout on a busy shared cluster says whether the job ever ran. */
const stateOf = (id: string) =>
  asRoot(['sacct', '-n', '-P', '-j', id, '-o', 'JobID,State,ExitCode,NodeList']).replace(
    /\n/g,
    '; ',
  );

async function until<T>(what: string, probe: () => Promise<T | undefined>, jobId?: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${jobId ? ` (sacct: ${stateOf(jobId)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The record as the watcher will read it: through the cluster's transport, parsed. */
async function readRecord(transport: Transport, path: string) {
  const { exitCode, stdout } = await transport.exec(['cat', path]);
  return exitCode === 0 ? parseCompletionRecord(stdout) : undefined;
}

/** A child that saves its work on SIGTERM (1 s) and exits 143, like a training script would. */
const trapTerm = `trap "echo saving; sleep 1; exit 143" TERM; echo ready; while :; do sleep 0.2; done`;

let ssh: Transport;
let slurm: SlurmClient;
let sduserDir: string;
const rootDir = mkdtempSync(join(root, 'test', 'run-wrapper-'));
const jobs: string[] = [];

beforeAll(async () => {
  const { cluster } = resolveCluster(loadConfig(configFile), 'dev');
  ssh = transportFor(cluster);
  slurm = createSlurmClient(ssh, { user: 'sduser' });
  const home = (await ssh.exec(['sh', '-c', 'echo "$HOME"'])).stdout.trim();
  sduserDir = `${home}/slurmdeck-run-wrapper-${Date.now()}`;
  await ssh.exec(['mkdir', '-p', sduserDir]);
});

afterAll(async () => {
  if (jobs.length > 0) asRoot(['scancel', ...jobs]);
  await ssh.exec(['rm', '-rf', sduserDir]);
  await ssh.close();
  rmSync(rootDir, { recursive: true, force: true });
});

/** Submits a batch script as root in a folder of its own; the job's work dir is that folder. */
function submitAsRoot(name: string, body: string, extra: string[] = []) {
  const dir = join(rootDir, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'job.sh'), `#!/bin/sh\n${body}\n`);
  const id = asRoot(
    ['sbatch', '--parsable', '-J', name, '-D', dir, '-o', join(dir, 'job-%j.out')].concat(extra, [
      join(dir, 'job.sh'),
    ]),
  );
  jobs.push(id);
  const output = () => join(dir, `job-${id}.out`);
  const ready = () =>
    until(
      `job ${id} to start its command`,
      async () =>
        existsSync(output()) && readFileSync(output(), 'utf8').includes('ready') ? true : undefined,
      id,
    );
  return { id, dir, ready, output };
}

const localRecord = (path: string, jobId: string) =>
  until(
    `record ${path}`,
    async () => (existsSync(path) ? parseCompletionRecord(readFileSync(path, 'utf8')) : undefined),
    jobId,
  );

describe('slurmdeck run inside jobs on the dev cluster', () => {
  it("records a failed command's exit code, host and log; the job fails with the same code", async () => {
    const { jobId } = await slurm.submit({
      wrap: `node ${cli} run -- sh -c ${quoteArgv(['echo hi; exit 3'])}`,
      chdir: sduserDir,
      output: '/dev/null',
      jobName: 'run-wrapper-exit3',
    });
    jobs.push(jobId);
    const record = await until(
      'the completion record',
      () => readRecord(ssh, completionRecordPath(sduserDir, jobId)),
      jobId,
    );
    expect(record).toMatchObject({
      jobId,
      runId: jobId,
      cwd: sduserDir,
      exitCode: 3,
      signal: null,
      outcome: 'failed',
      forwardedSignals: [],
    } satisfies Partial<CompletionRecord>);
    expect(record.host).toMatch(/^n[1-3]$/);
    expect(record.logPath).toMatch(new RegExp(`^${sduserDir}/\\.slurmdeck/logs/${jobId}-`));
    expect((await ssh.exec(['cat', record.logPath])).stdout).toMatch(/^hi\n/);
    const job = await until('accounting to see the end', async () => {
      const [found] = await slurm.accounting({ jobIds: [jobId] });
      return found?.state === 'FAILED' ? found : undefined;
    });
    expect(job.exitCode).toBe(3);
  });

  it.each([
    ['exec', `exec node ${cli} run -- sh -c '${trapTerm}'`],
    ['srun', `srun node ${cli} run -- sh -c '${trapTerm}'`],
  ])('passes scancel on to the command when run as `%s slurmdeck run`', async (form, body) => {
    const job = submitAsRoot(`cancel-${form}`, body);
    await job.ready();
    asRoot(['scancel', job.id]);
    // KillWait=5 in the dev cluster: the child's 1 s of saving and our record fit before SIGKILL.
    const record = await localRecord(completionRecordPath(job.dir, job.id), job.id);
    expect(record).toMatchObject({ exitCode: 143, signal: null, outcome: 'signalled' });
    expect(record.forwardedSignals).toContain('SIGTERM');
    expect(readFileSync(record.logPath, 'utf8')).toMatch(/ready\n[\s\S]*saving\n/);
    await until('accounting to see the cancel', async () =>
      /CANCELLED/.test(asRoot(['sacct', '-X', '-n', '-j', job.id, '-o', 'State']))
        ? true
        : undefined,
    );
  });

  it('keeps the first record of a requeued job and writes the next run as <id>.r1', async () => {
    // The first run waits to be requeued; Slurm sets SLURM_RESTART_COUNT only after a requeue.
    // It waits as `exec sleep`: the requeue's SIGTERM reaches every process of the job, and a
    // shell whose sleep died first could still end with 0 before its own signal came.
    const child =
      'echo ready; [ -n "$SLURM_RESTART_COUNT" ] || exec sleep 60; echo "run $SLURM_RESTART_COUNT"';
    const body = `exec node ${cli} run -- sh -c '${child}'`;
    const job = submitAsRoot('requeue', body, ['--requeue']);
    await job.ready();
    asRoot(['scontrol', 'requeue', job.id]);
    const first = await localRecord(completionRecordPath(job.dir, job.id), job.id);
    expect(first).toMatchObject({ runId: job.id, outcome: 'signalled', signal: 'SIGTERM' });
    await releaseRequeuedJob(asRoot, job.id);
    const second = await localRecord(completionRecordPath(job.dir, `${job.id}.r1`), job.id);
    expect(second).toMatchObject({ jobId: job.id, runId: `${job.id}.r1`, outcome: 'success' });
    expect(readFileSync(second.logPath, 'utf8')).toMatch(/^ready\nrun 1\n/);
    expect(second.logPath).not.toBe(first.logPath);
  });

  it('refuses a folder the user cannot write, before starting the command', async () => {
    const result = await ssh.exec(['node', cli, 'run', '--dir', '/var/lib', '--', 'true']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^NOT_PERMITTED: cannot write to \/var\/lib\/\.slurmdeck\/runs \(EACCES\); the command was not started\nhint: /,
    );
  });
});
