import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../../core/errors.js';
import { parseCompletionRecord } from '../../jobs/completion-path.js';
import { commandAfterDashes } from './run.js';

const main = join(import.meta.dirname, '..', '..', 'bin.ts');
const tsx = import.meta.resolve('tsx');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  record: ReturnType<typeof parseCompletionRecord>;
}

/** The real CLI in a real process (through tsx); `during` may signal it once the child is up. */
function slurmdeckRun(args: string[], during?: (pid: number) => void): Promise<Ended> {
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-cli-run-'));
  dirs.push(dir);
  const env = { ...process.env };
  delete env['SLURM_JOB_ID'];
  const wrapper = spawn(process.execPath, ['--import', tsx, main, 'run', ...args], {
    cwd: dir,
    env,
  });
  let stdout = '';
  let stderr = '';
  wrapper.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  wrapper.stdout.on('data', (c: Buffer) => {
    const first = !stdout.includes('ready');
    stdout += c.toString();
    if (first && stdout.includes('ready') && wrapper.pid) during?.(wrapper.pid);
  });
  return new Promise((resolve) => {
    wrapper.on('close', (code, signal) => {
      const runs = join(dir, '.slurmdeck', 'runs');
      const [file] = existsSync(runs) ? readdirSync(runs) : [];
      const record = file
        ? parseCompletionRecord(readFileSync(join(runs, file), 'utf8'))
        : undefined;
      resolve({ code, signal, stdout, stderr, record });
    });
  });
}

const trapTerm = 'trap "echo saved; exit 143" TERM; echo ready; while :; do sleep 0.05; done';

describe('slurmdeck run', { timeout: 30_000 }, () => {
  it("exits with the command's exit code", async () => {
    const ended = await slurmdeckRun(['--', 'sh', '-c', 'echo hi; exit 3']);
    expect([ended.code, ended.stdout]).toEqual([3, 'hi\n']);
    expect(ended.record).toMatchObject({ exitCode: 3, outcome: 'failed' });
  });

  it('passes SIGTERM (scancel) to the command and exits as it did', async () => {
    const ended = await slurmdeckRun(['--', 'sh', '-c', trapTerm], (pid) =>
      process.kill(pid, 'SIGTERM'),
    );
    expect(ended.stdout).toBe('ready\nsaved\n');
    expect([ended.code, ended.signal]).toEqual([143, null]);
    expect(ended.record).toMatchObject({
      exitCode: 143,
      forwardedSignals: ['SIGTERM'],
      outcome: 'signalled',
    });
    expect(ended.stderr).toMatch(/passing SIGTERM to the command/);
  });

  it('ends itself by the signal that killed the command', async () => {
    const ended = await slurmdeckRun(['--shell', '--', 'echo ready;', 'exec sleep 30'], (pid) =>
      process.kill(pid, 'SIGTERM'),
    );
    expect([ended.code, ended.signal]).toEqual([null, 'SIGTERM']);
    expect(ended.record).toMatchObject({
      command: ['sh', '-c', 'echo ready; exec sleep 30'],
      exitCode: null,
      signal: 'SIGTERM',
      outcome: 'signalled',
    });
  });

  it('passes a SIGUSR1 time-limit warning on and lets the command finish', async () => {
    const script = 'trap "echo warned" USR1; echo ready; sleep 0.5; sleep 0.5; exit 0';
    const ended = await slurmdeckRun(['--', 'sh', '-c', script], (pid) =>
      process.kill(pid, 'SIGUSR1'),
    );
    expect([ended.code, ended.stdout]).toEqual([0, 'ready\nwarned\n']);
    expect(ended.record).toMatchObject({ forwardedSignals: ['SIGUSR1'], outcome: 'success' });
  });

  it('exits 127 for a command that does not exist, and still writes the record', async () => {
    const ended = await slurmdeckRun(['--', 'slurmdeck-no-such-command']);
    expect(ended.code).toBe(127);
    expect(ended.record).toMatchObject({ exitCode: 127, outcome: 'failed' });
  });

  it('exits 2 with a hint when no command is given', async () => {
    const ended = await slurmdeckRun([]);
    expect(ended.code).toBe(2);
    expect(ended.stderr).toMatch(/^INVALID_ARGUMENT: no command to run\nhint: /);
  });
});

describe('commandAfterDashes', () => {
  it('takes everything after --, options included', () => {
    const raw = ['node', 'main.js', 'run', '--dir', 'x', '--', 'python', '-c', 'print(1)'];
    expect(commandAfterDashes(raw, ['python', '-c', 'print(1)'])).toEqual([
      'python',
      '-c',
      'print(1)',
    ]);
  });

  it('refuses a command given without --', () => {
    let error: unknown;
    try {
      commandAfterDashes(['node', 'main.js', 'run', 'python', 'train.py'], ['python', 'train.py']);
    } catch (e) {
      error = e;
    }
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});
