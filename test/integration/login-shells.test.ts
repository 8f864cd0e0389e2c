import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { saveCluster } from '../../src/core/config.js';
import { chattyStartupFiles } from '../../src/devcluster/index.js';
import type { JobReport } from '../../src/jobs/index.js';
import { createSshTransport } from '../../src/transport/index.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { loginTarget } from './dev-cluster-info.js';

/**
 * The smoke path (status, jobs, submit, watch a job to its end, a session with two execs,
 * cancel) through the built CLI, as users whose login differs from a quiet bash: a tcsh login
 * shell, and startup files that print on stdout and stderr before anything else.
 */
const root = inject('devRoot');
const scratch = mkdtempSync(join(tmpdir(), 'slurmdeck-shells-'));
const configFile = join(scratch, 'config.yaml');

const logins = { bash: loginTarget('login'), tcsh: loginTarget('tcshLogin') };
const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

const waitUntil = async <T>(what: string, check: () => Promise<T | undefined>, ms = 120_000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what}`);
};

interface Exec {
  output: string;
  exitCode?: number;
  running: boolean;
  cursor: number;
}

const variants = [
  { title: 'bash with chatty startup files', shell: 'bash', chatty: true },
  { title: 'tcsh', shell: 'tcsh', chatty: false },
  { title: 'tcsh with chatty startup files', shell: 'tcsh', chatty: true },
] as const;

const tmuxNames: Array<{ shell: 'bash' | 'tcsh'; tmux: string }> = [];
const jobs: string[] = [];

beforeAll(() => {
  saveCluster('dev', { transport: 'ssh', ...logins.bash }, configFile);
  saveCluster('dev-tcsh', { transport: 'ssh', ...logins.tcsh }, configFile);
});

afterAll(async () => {
  for (const { shell, tmux } of tmuxNames) {
    const transport = createSshTransport({ ...logins[shell], controlDir: join(scratch, 'c') });
    await transport
      .exec(['tmux', '-L', 'slurmdeck', 'kill-session', '-t', `=${tmux}`])
      .catch(() => undefined);
    await transport.close();
    asRoot(['scancel', '-n', tmux]);
  }
  for (const id of jobs) asRoot(['scancel', id]);
  rmSync(scratch, { recursive: true, force: true });
});

describe.each(variants)('the smoke path as a user with $title', ({ shell, chatty }) => {
  const cluster = shell === 'bash' ? 'dev' : 'dev-tcsh';
  const user = logins[shell].user as string;
  // Short: the ssh control sockets live under it.
  const stateDir = mkdtempSync(join(tmpdir(), `slurmdeck-${shell}-`));
  const slurmdeck = (args: string[]): Promise<CliResult> =>
    runCli(
      ['--cluster', cluster, ...args],
      { ...process.env, SLURMDECK_CONFIG: configFile, SLURMDECK_STATE_DIR: stateDir },
      120_000,
    );
  const json = async <T>(args: string[]): Promise<T> => {
    const result = await slurmdeck(args);
    expect(result.stderr, `${args.join(' ')}: exit ${result.code}`).not.toMatch(/^[A-Z_]+: /m);
    return JSON.parse(result.stdout) as T;
  };
  let restore: () => void = () => {};
  const session = `smoke-${shell}${chatty ? '-chatty' : ''}`;

  beforeAll(() => {
    if (chatty) restore = chattyStartupFiles(user);
  });
  afterAll(() => {
    restore();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('shows the partitions', async () => {
    const { code, stdout, stderr } = await slurmdeck(['status']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^cpu\*\s+up\s+3\s/m);
    expect(stdout).not.toMatch(/Welcome|module/);
  });

  it('submits a job, lists it, and watches it to its end', async () => {
    const name = `smoke-watch-${shell}`;
    const { jobId } = await json<{ jobId: string }>([
      'submit',
      '--wrap',
      'sleep 2; exit 3',
      '-J',
      name,
      '-o',
      '/dev/null',
      '--json',
    ]);
    jobs.push(jobId);
    expect(jobId).toMatch(/^\d+$/);
    const listed = await json<Array<{ id: string; user: string }>>(['jobs', '--json']);
    expect(listed.find((j) => j.id === jobId)?.user).toBe(user);
    const watched = await slurmdeck(['watch', jobId, '--interval', '1', '--json']);
    expect(watched.code, watched.stderr).not.toBe(70);
    const reports = watched.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; report?: JobReport })
      .filter((entry) => entry.type === 'finished');
    expect(reports.map((r) => r.report)).toMatchObject([
      { jobId, name, user, outcome: 'FAILED', exitCode: 3 },
    ]);
  });

  it('holds a session, two commands in the same shell, and stops it', async () => {
    const started = await json<{ tmux: string }>(['session', 'start', session, '--json']);
    tmuxNames.push({ shell, tmux: started.tmux });
    await waitUntil(`${session} to be ready`, async () => {
      const status = await json<{ phase: string }>(['session', 'status', session, '--json']);
      expect(status.phase).not.toMatch(/failed|ended/);
      return status.phase === 'ready' ? status : undefined;
    });
    const exec = (command: string) =>
      json<Exec>(['session', 'exec', session, '--timeout', '30', '--json', '--', command]);
    expect(await exec('cd /tmp && export GREETING="hi $USER"')).toMatchObject({
      output: '',
      exitCode: 0,
    });
    const second = await exec('echo "$GREETING from $(pwd)"; (exit 7)');
    expect(second).toMatchObject({ output: `hi ${user} from /tmp\n`, exitCode: 7 });
    const read = await json<Exec>(['session', 'read', session, '--json']);
    expect(read.output).not.toMatch(/Welcome|module/);
    expect(read.output).not.toContain('\u001f');
    const stopped = await slurmdeck(['session', 'stop', session, '--yes']);
    expect(stopped.code, stopped.stderr).toBe(0);
    await waitUntil(`no job named ${started.tmux}`, async () =>
      asRoot(['squeue', '-h', '-n', started.tmux, '-o', '%i']) === '' ? true : undefined,
    );
  }, 240_000);

  it('cancels a job after asking', async () => {
    const { jobId } = await json<{ jobId: string }>([
      'submit',
      '--wrap',
      'sleep 300',
      '-o',
      '/dev/null',
      '--json',
    ]);
    jobs.push(jobId);
    const cancelled = await slurmdeck(['cancel', jobId, '--yes']);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    await waitUntil('the cancel to land', async () =>
      /CANCELLED/.test(asRoot(['sacct', '-X', '-n', '-j', jobId, '-o', 'State']))
        ? true
        : undefined,
    );
  });
});

describe('chatty startup files of the dev cluster', () => {
  it('are taken out again, leaving the files as they were', () => {
    const bashrc = `/home/${logins.bash.user as string}/.bashrc`;
    const before = readFileSync(bashrc, 'utf8');
    const restore = chattyStartupFiles(logins.bash.user as string);
    expect(readFileSync(bashrc, 'utf8')).toMatch(/^# >>> slurmdeck dev-cluster: chatty/);
    restore();
    expect(readFileSync(bashrc, 'utf8')).toBe(before);
  });
});
