import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { completionRecordPath, parseCompletionRecord } from '../jobs/completion-path.js';
import { runCommand, type RunOptions } from './run-command.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs a real command in a fresh folder, with captured console streams and a fake signal source. */
async function run(command: string[], extra: Partial<RunOptions> = {}) {
  const workDir = mkdtempSync(join(tmpdir(), 'slurmdeck-run-'));
  dirs.push(workDir);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const signals = new EventEmitter();
  const running = runCommand({
    command,
    workDir,
    env: { PATH: process.env['PATH'] },
    stdout,
    stderr,
    signals,
    ...extra,
  });
  return { workDir, signals, running, out: () => out.join(''), err: () => err.join('') };
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
};

describe('runCommand', () => {
  it('echoes and logs the output, and records a failed exit', async () => {
    const script = 'echo one; sleep 0.05; echo two >&2; sleep 0.05; echo three; exit 3';
    const { workDir, running, out, err } = await run(['sh', '-c', script]);
    const { record, recordPath } = await running;
    expect(out()).toBe('one\nthree\n');
    expect(err()).toMatch(/^two\n\[slurmdeck\] exit 3; record /);
    expect(record).toMatchObject({
      exitCode: 3,
      signal: null,
      outcome: 'failed',
      forwardedSignals: [],
      command: ['sh', '-c', script],
      jobId: undefined,
    });
    expect(record.runId).toMatch(/^local-\d{8}T\d{6}-\d+$/);
    expect(recordPath).toBe(completionRecordPath(workDir, record.runId));
    expect(parseCompletionRecord(readFileSync(recordPath, 'utf8'))).toEqual(record);
    expect(record.logPath).toMatch(
      new RegExp(`^${workDir}/\\.slurmdeck/logs/${record.runId}-\\d{8}T\\d{6}\\.log$`),
    );
    expect(readFileSync(record.logPath, 'utf8')).toMatch(/^one\ntwo\nthree\n\[slurmdeck\] exit 3/);
  });

  it('keeps a line whole in the log while the other stream writes', async () => {
    const script = "printf 'par'; sleep 0.1; echo x >&2; sleep 0.1; echo tial";
    const { running } = await run(['sh', '-c', script]);
    const { record } = await running;
    expect(readFileSync(record.logPath, 'utf8')).toMatch(/^x\npartial\n/);
  });

  it('names the run after the Slurm job and gives the child PYTHONUNBUFFERED', async () => {
    const env = { PATH: process.env['PATH'], SLURM_JOB_ID: '77', SLURMD_NODENAME: 'n9' };
    const { running, out } = await run(
      ['sh', '-c', 'echo "$PYTHONUNBUFFERED $SLURMDECK_RUN_ID $SLURM_JOB_ID"'],
      { env },
    );
    const { record, recordPath } = await running;
    expect(out()).toBe('1 77 77\n');
    expect(record).toMatchObject({ jobId: '77', runId: '77', host: 'n9', outcome: 'success' });
    expect(recordPath).toMatch(/\/\.slurmdeck\/runs\/77\.json$/);
  });

  it('puts the log in --log-dir', async () => {
    const logDir = join(mkdtempSync(join(tmpdir(), 'slurmdeck-logs-')), 'deep', 'er');
    dirs.push(logDir);
    const { running } = await run(['true'], { logDir });
    expect((await running).record.logPath.startsWith(`${logDir}/`)).toBe(true);
  });

  it('records a command that does not exist as exit 127, like a shell', async () => {
    const { running, err } = await run(['slurmdeck-no-such-command', '--x']);
    const { record, recordPath } = await running;
    expect(record).toMatchObject({ exitCode: 127, signal: null, outcome: 'failed' });
    expect(err()).toMatch(/command not found: slurmdeck-no-such-command/);
    expect(existsSync(recordPath)).toBe(true);
  });

  it('passes a signal on to the child, which traps it and exits 143', async () => {
    const script = 'trap "echo bye; exit 143" TERM; echo ready; while :; do sleep 0.05; done';
    const { running, signals, out } = await run(['sh', '-c', script]);
    await waitFor(() => out().includes('ready'));
    signals.emit('SIGTERM');
    const { record } = await running;
    expect(out()).toBe('ready\nbye\n');
    expect(record).toMatchObject({
      exitCode: 143,
      signal: null,
      forwardedSignals: ['SIGTERM'],
      outcome: 'signalled',
    });
  });

  it('records the signal that killed a child that does not trap it', async () => {
    const { running, signals, out } = await run(['sh', '-c', 'echo ready; exec sleep 30']);
    await waitFor(() => out().includes('ready'));
    signals.emit('SIGINT');
    const { record } = await running;
    expect(record).toMatchObject({ exitCode: null, signal: 'SIGINT', outcome: 'signalled' });
  });

  it('refuses to start without a command', async () => {
    const error = await runCommand({
      command: [],
      stdout: new PassThrough(),
      stderr: new PassThrough(),
    }).catch((e: unknown) => e);
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('does not start the command when the record could not be written', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'slurmdeck-run-'));
    dirs.push(workDir);
    writeFileSync(join(workDir, '.slurmdeck'), 'a file where the folder should be');
    const error = await runCommand({
      command: ['touch', join(workDir, 'ran')],
      workDir,
      stdout: new PassThrough(),
      stderr: new PassThrough(),
    }).catch((e: unknown) => e);
    expect(isSlurmdeckError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^cannot write to .*the command was not started$/);
    expect(existsSync(join(workDir, 'ran'))).toBe(false);
  });

  it('refuses a --dir that does not exist', async () => {
    const error = await runCommand({
      command: ['true'],
      workDir: '/nonexistent/slurmdeck',
      stdout: new PassThrough(),
      stderr: new PassThrough(),
    }).catch((e: unknown) => e);
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});
