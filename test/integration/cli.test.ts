import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

const configFile = inject('configFile');
const root = inject('devRoot');

/** The built CLI, as a user runs it, against the dev cluster over real SSH as sduser. */
const slurmdeck = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, { ...process.env, SLURMDECK_CONFIG: configFile, ...env });

/** Plain Slurm commands as root in this shell, through the dev cluster's env. */
const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

const waitUntil = async (what: string, check: () => Promise<boolean>, ms = 60_000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
};

const cleanup: string[] = [];
afterAll(() => {
  for (const id of cleanup) asRoot(['scancel', id]);
  // Resume n3 only if a test drained it (resuming an idle node is an error).
  if (/drain/.test(asRoot(['sinfo', '-h', '-n', 'n3', '-o', '%T']))) {
    asRoot(['scontrol', 'update', 'nodename=n3', 'state=resume']);
  }
});

describe('slurmdeck CLI on the dev cluster', () => {
  it('shows partitions with free CPUs and GPUs', async () => {
    const { code, stdout } = await slurmdeck(['status']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^cluster dev \(slurm 22\.05/);
    expect(stdout).toMatch(/^cpu\*\s+up\s+3\s/m);
    expect(stdout).toMatch(/^gpu\s+up\s+2\s/m);
    for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('submits, lists and describes a job, then reports its exit code from accounting', async () => {
    const submitted = await slurmdeck([
      'submit',
      '--wrap',
      'sleep 2; exit 3',
      '-J',
      'cli-exit3',
      '--json',
    ]);
    expect(submitted.code).toBe(0);
    const { jobId } = JSON.parse(submitted.stdout) as { jobId: string };
    const jobs = await slurmdeck(['jobs', '--json']);
    expect((JSON.parse(jobs.stdout) as Array<{ id: string }>).map((j) => j.id)).toContain(jobId);
    await waitUntil('the job to leave the queue', async () => {
      const listed = JSON.parse((await slurmdeck(['jobs', '--json'])).stdout) as Array<{
        id: string;
      }>;
      return !listed.some((j) => j.id === jobId);
    });
    await waitUntil('accounting to record it', async () => {
      const detail = await slurmdeck(['job', jobId, '--json']);
      const job = (JSON.parse(detail.stdout) as { job: { state: string; exitCode?: number } }).job;
      return job.state === 'FAILED' && job.exitCode === 3;
    });
  });

  it('submits a local script file over ssh and runs it on a compute node', async () => {
    const script = join(root, 'test', 'hello.sbatch');
    writeFileSync(
      script,
      '#!/bin/bash\n#SBATCH -J cli-script\necho "hello from $SLURMD_NODENAME"\n',
    );
    const submitted = await slurmdeck(['submit', script, '--json', '-o', '/dev/null']);
    expect(submitted.code).toBe(0);
    const { jobId } = JSON.parse(submitted.stdout) as { jobId: string };
    const detail = JSON.parse((await slurmdeck(['job', jobId, '--json'])).stdout) as {
      job: { name: string };
    };
    expect(detail.job.name).toBe('cli-script');
  });

  it('dry-runs with --test-only and creates no job', async () => {
    const name = `cli-test-only-${process.pid}`;
    const args = ['submit', '--wrap', 'true', '-p', 'gpu', '-J', name, '--test-only'];
    const { code, stdout } = await slurmdeck(args);
    expect(code).toBe(0);
    expect(stdout).toMatch(/would start at .* on n\d.*nothing was submitted/);
    // Other jobs may come and go meanwhile; none may carry this one's name.
    expect(asRoot(['squeue', '-h', '-n', name, '-o', '%i'])).toBe('');
    expect(asRoot(['sacct', '-n', '-X', '--name', name, '-o', 'JobID'])).toBe('');
  });

  it('reads submit -c as sbatch does (CPUs per task), with --cluster anywhere', async () => {
    const name = `cli-cpus-${process.pid}`;
    const args = ['submit', '--wrap', 'true', '-c', '2', '-p', 'cpu', '-J', name, '--test-only'];
    for (const argv of [args, ['--cluster', 'dev', ...args], [...args, '--cluster', 'dev']]) {
      const { code, stdout, stderr } = await slurmdeck([...argv, '--json']);
      expect(code, stderr).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ partition: 'cpu', processors: 2 });
    }
    expect(asRoot(['squeue', '-h', '-n', name, '-o', '%i'])).toBe('');
  });

  it("refuses a time limit over the partition's MaxTime before asking Slurm", async () => {
    const name = `cli-maxtime-${process.pid}`;
    for (const partition of [['-p', 'cpu'], []]) {
      const args = ['submit', '--wrap', 'true', ...partition, '-J', name, '-t', '99999999999'];
      for (const dry of [['--test-only'], []]) {
        const { code, stderr } = await slurmdeck([...args, ...dry]);
        expect(code).toBe(2);
        expect(stderr).toMatch(
          /^INVALID_ARGUMENT: time limit 99999999999 is over the partition's MaxTime \(cpu 1-00:00:00\)/m,
        );
        expect(stderr).toMatch(/^hint: Ask for at most 1-00:00:00/m);
      }
    }
    const session = await slurmdeck(['session', 'start', name, '-p', 'gpu', '-t', '2-00:00:00']);
    expect(session.code).toBe(2);
    expect(session.stderr).toMatch(/MaxTime \(gpu 1-00:00:00\)/);
    expect((await slurmdeck(['session', 'status', name])).stderr).toMatch(/^SESSION_NOT_FOUND/m);
    const unreadable = await slurmdeck(['submit', '--wrap', 'true', '-t', '1 hour', '-J', name]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/^hint: Use minutes \(30\), .*HH:MM:SS/m);
    expect(asRoot(['squeue', '-h', '-n', name, '-o', '%i'])).toBe('');
    expect(asRoot(['sacct', '-n', '-X', '--name', name, '-o', 'JobID'])).toBe('');
  });

  it('prints the job id when watching it fails after the submission, and exits 7', async () => {
    // Another process holds the state database: the watch list cannot be written (the
    // store gives up after its busy timeout), the job is queued all the same.
    // Short: the ssh control sockets live under it too.
    const stateDir = mkdtempSync('/tmp/sd-');
    const db = openDatabase({ file: join(stateDir, 'slurmdeck.db') });
    db.exec('BEGIN EXCLUSIVE');
    try {
      for (const json of [['--json'], []]) {
        const args = ['submit', '--wrap', 'sleep 300', '-o', '/dev/null', '--watch', ...json];
        const { code, stdout, stderr } = await slurmdeck(args, { SLURMDECK_STATE_DIR: stateDir });
        expect(code, stderr).toBe(7);
        const jobId = json.length
          ? (JSON.parse(stdout) as { jobId: string }).jobId
          : /^submitted job (\d+) on cluster dev$/m.exec(stdout)?.[1];
        expect(jobId).toMatch(/^\d+$/);
        cleanup.push(jobId as string);
        if (json.length) {
          expect(JSON.parse(stdout)).toMatchObject({
            cluster: 'dev',
            watched: false,
            watchError: { code: expect.any(String), message: expect.stringMatching(/locked|busy/) },
          });
        }
        expect(stderr).toMatch(
          new RegExp(`^warning: job ${jobId} was submitted, but watching it failed`, 'm'),
        );
        expect(stderr).toMatch(/^warning: do not submit again/m);
        expect(asRoot(['squeue', '-h', '-j', jobId as string, '-o', '%T'])).toMatch(
          /PENDING|RUNNING/,
        );
      }
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
  }, 60_000);

  it('refuses an unknown partition and names the real ones', async () => {
    const { code, stderr } = await slurmdeck(['submit', '--wrap', 'true', '-p', 'gpux']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^SLURM_REJECTED: .*invalid partition/m);
    expect(stderr).toMatch(/^hint: Partitions on this cluster: cpu, east, gpu\./m);
  });

  it('refuses a malformed job id before touching the cluster', async () => {
    const { code, stderr } = await slurmdeck(['cancel', '12;rm -rf ~']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^INVALID_ARGUMENT: not a Slurm job id/m);
  });

  it('asks before cancelling: no answer leaves the job, --yes cancels it', async () => {
    const { stdout } = await slurmdeck([
      'submit',
      '--wrap',
      'sleep 300',
      '-J',
      'cli-cancel',
      '--json',
    ]);
    const { jobId } = JSON.parse(stdout) as { jobId: string };
    cleanup.push(jobId);
    const declined = await slurmdeck(['cancel', jobId]);
    expect(declined.code).toBe(4);
    expect(declined.stderr).toMatch(/^CONFIRMATION_REQUIRED: /m);
    expect(asRoot(['squeue', '-h', '-j', jobId, '-o', '%T'])).toMatch(/PENDING|RUNNING/);
    const confirmed = await slurmdeck(['cancel', jobId, '--yes']);
    expect(confirmed.code).toBe(0);
    await waitUntil('the cancel to land', async () =>
      /CANCELLED/.test(asRoot(['sacct', '-X', '-n', '-j', jobId, '-o', 'State'])),
    );
  });

  it("refuses to cancel someone else's job and cancels nothing", async () => {
    const own = JSON.parse(
      (await slurmdeck(['submit', '--wrap', 'sleep 300', '--json'])).stdout,
    ) as { jobId: string };
    const rootJob = asRoot(['sbatch', '--parsable', '-o', '/dev/null', '--wrap', 'sleep 300']);
    cleanup.push(own.jobId, rootJob);
    const { code, stderr } = await slurmdeck(['cancel', own.jobId, rootJob, '--yes']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`^NOT_PERMITTED: not your job: ${rootJob} \\(root\\); nothing was cancelled`, 'm'),
    );
    expect(
      asRoot(['squeue', '-h', '-j', `${own.jobId},${rootJob}`, '-o', '%T']).split('\n'),
    ).toHaveLength(2);
  });

  it('shows a drained node with its reason', async () => {
    asRoot(['scontrol', 'update', 'nodename=n3', 'state=drain', 'reason=bad gpu (test)']);
    const { stdout } = await slurmdeck(['status']);
    expect(stdout).toMatch(/need attention:[\s\S]*^n3\s+(drained|draining)\s+bad gpu \(test\)/m);
    const nodes = JSON.parse((await slurmdeck(['nodes', '--json'])).stdout) as Array<{
      name: string;
      reason?: string;
    }>;
    expect(nodes.find((n) => n.name === 'n3')?.reason).toBe('bad gpu (test)');
  });

  it('says a host cannot be reached, with what to check', async () => {
    const unreachable = join(root, 'test', 'unreachable.yaml');
    writeFileSync(
      unreachable,
      `clusters:\n  gone:\n    transport: ssh\n    host: 127.0.0.1\n    port: 1\n    user: sduser\n    knownHostsFile: ${root}/ssh/known_hosts\n`,
    );
    const { code, stderr } = await slurmdeck(['status'], { SLURMDECK_CONFIG: unreachable });
    expect(code).toBe(5);
    expect(stderr).toMatch(/^SSH_CONNECT_FAILED: /m);
    expect(stderr).toMatch(/^hint: /m);
  });

  it('names the cluster it does not know', async () => {
    const { code, stderr } = await slurmdeck(['--cluster', 'nope', 'jobs']);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^CLUSTER_UNKNOWN: no cluster named "nope"/m);
  });
});
