import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlurmdeckError } from '../core/errors.js';
import { runProcess } from './run-process.js';

async function failure(promise: Promise<unknown>): Promise<SlurmdeckError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SlurmdeckError);
  return error as SlurmdeckError;
}

describe('runProcess', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slurmdeck-run-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves with stdout, stderr and a non-zero exit code', async () => {
    const result = await runProcess(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(result.argv).toEqual(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('passes arguments without a shell', async () => {
    const result = await runProcess(['printf', '%s|', '$HOME', 'a b', '`id`']);
    expect(result.stdout).toBe('$HOME|a b|`id`|');
  });

  it('reports 128 + signal number for a child killed by a signal', async () => {
    const result = await runProcess(['sh', '-c', 'kill -KILL $$']);
    expect(result.exitCode).toBe(137);
  });

  it('feeds string and binary stdin, then closes it', async () => {
    expect((await runProcess(['cat'], { stdin: 'héllo\n' })).stdout).toBe('héllo\n');
    const bytes = new Uint8Array([0x61, 0x00, 0x62]);
    expect((await runProcess(['od', '-An', '-tx1'], { stdin: bytes })).stdout.trim()).toBe(
      '61 00 62',
    );
  });

  it('gives the child an empty stdin when none is given', async () => {
    expect((await runProcess(['cat'], { timeoutMs: 5000 })).stdout).toBe('');
  });

  it('does not fail when the child ignores its stdin', async () => {
    const result = await runProcess(['true'], { stdin: 'x'.repeat(1 << 20) });
    expect(result.exitCode).toBe(0);
  });

  it('keeps large output and multi-byte characters split across chunks intact', async () => {
    const script = "process.stdout.write('é'.repeat(3_000_000))";
    const result = await runProcess([process.execPath, '-e', script]);
    expect(result.stdout.length).toBe(3_000_000);
    expect(result.stdout).toBe('é'.repeat(3_000_000));
  });

  it('returns binary stdout byte for byte, from a private file removed afterwards', async () => {
    const tmp = join(dir, 'binary-tmp');
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp);
    const script = 'process.stdout.write(Buffer.from([0, 255, 10, 0xc3, 0x28, 0x1f]))';
    const result = await runProcess([process.execPath, '-e', script], {
      binary: true,
      env: { ...process.env, TMPDIR: tmp },
    });
    expect(result.stdout).toBe('');
    expect(result.stdoutBytes).toEqual(Buffer.from([0, 255, 10, 0xc3, 0x28, 0x1f]));
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('lets a binary answer arrive while this process is busy (a pipe would stall the writer)', async () => {
    const done = join(dir, 'wrote-8mb');
    // 8 MB is far past a pipe's buffer: the writer finishes only if nobody has to read it.
    const running = runProcess(['sh', '-c', `head -c 8000000 /dev/zero; touch ${done}`], {
      binary: true,
    });
    const deadline = Date.now() + 20_000;
    while (!existsSync(done) && Date.now() < deadline) {
      // busy, as an ingest applying a large poll to SQLite is: no event loop turns here
    }
    expect(existsSync(done)).toBe(true);
    expect((await running).stdoutBytes?.length).toBe(8_000_000);
  });

  it('throws TIMEOUT and kills the child', async () => {
    const started = Date.now();
    const error = await failure(runProcess(['sleep', '30'], { timeoutMs: 200 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe('sleep did not finish within 200 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('escalates to SIGKILL and does not wait for grandchildren holding the pipes', async () => {
    const started = Date.now();
    const script = 'trap "" TERM; sleep 8 & sleep 8';
    const error = await failure(
      runProcess(['sh', '-c', script], { timeoutMs: 200, killGraceMs: 300 }),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('throws ABORTED when the signal fires, or already has', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const running = await failure(runProcess(['sleep', '30'], { signal: controller.signal }));
    expect(running.code).toBe('ABORTED');
    const before = await failure(runProcess(['true'], { signal: AbortSignal.abort() }));
    expect(before.code).toBe('ABORTED');
  });

  it('throws SPAWN_FAILED with a PATH hint for a missing program', async () => {
    const error = await failure(runProcess(['slurmdeck-no-such-program', 'x']));
    expect(error.code).toBe('SPAWN_FAILED');
    expect(error.message).toMatch(/ENOENT/);
    expect(error.hint).toMatch(/installed and on PATH/);
  });

  it('uses the caller hint and label when given', async () => {
    const error = await failure(
      runProcess(['/nonexistent/ssh'], { label: 'ssh', missingHint: 'Install OpenSSH.' }),
    );
    expect(error.message).toBe('could not start ssh: ENOENT');
    expect(error.hint).toBe('Install OpenSSH.');
  });

  it('throws SPAWN_FAILED for a file that is not executable', async () => {
    const file = join(dir, 'not-executable');
    await writeFile(file, '#!/bin/sh\n');
    await chmod(file, 0o644);
    const error = await failure(runProcess([file]));
    expect(error.code).toBe('SPAWN_FAILED');
    expect(error.hint).toMatch(/executable/);
  });

  it('refuses an empty argv, NUL bytes and a non-positive timeout', async () => {
    expect((await failure(runProcess([]))).code).toBe('INVALID_ARGUMENT');
    expect((await failure(runProcess(['echo', 'a\0b']))).code).toBe('INVALID_ARGUMENT');
    expect((await failure(runProcess(['true'], { timeoutMs: 0 }))).code).toBe('INVALID_ARGUMENT');
  });
});
