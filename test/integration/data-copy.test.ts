import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  cancelCopy,
  copyStates,
  createCopyStore,
  resumeCopy,
  startCopy,
  type CopyHost,
  type CopyRow,
  type CopyState,
} from '../../src/sites/index.js';
import { openDatabase } from '../../src/store/index.js';
import { createSshTransport, type Transport } from '../../src/transport/index.js';
import { runCli } from '../helpers/run-cli.js';
import { loginTarget } from './dev-cluster-info.js';

// Hosts of the dev cluster share this machine's /tmp: the test writes the source here and the
// login host (standing in for a data node) copies it as the test user.
let scratch: string;
let transport: Transport;
let host: CopyHost;
const store = createCopyStore(openDatabase({ file: ':memory:' }));

beforeAll(() => {
  scratch = mkdtempSync('/tmp/sdeck-copy-');
  chmodSync(scratch, 0o777);
  const source = join(scratch, 'src');
  mkdirSync(source);
  for (let i = 0; i < 4; i++) {
    writeFileSync(join(source, `part${i}.bin`), randomBytes(3 << 20));
  }
  execFileSync('chmod', ['-R', 'a+rwX', scratch]);
  transport = createSshTransport(loginTarget());
  host = { cluster: 'dev', transport };
});

afterAll(async () => {
  await transport.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function until(row: CopyRow, done: (s: CopyState) => boolean): Promise<CopyState> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [state] = await copyStates(host, [row]);
    if (state && done(state)) return state;
    if (Date.now() > deadline) throw new Error(`copy ${row.id}: ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const same = (a: string, b: string) =>
  ['part0.bin', 'part1.bin', 'part2.bin', 'part3.bin'].every((f) =>
    readFileSync(join(a, f)).equals(readFileSync(join(b, f))),
  );

describe('data copy on the login host, inside tmux', () => {
  it('keeps copying while the ssh connection is gone, and reports progress', async () => {
    const row = await startCopy(host, store, {
      source: `${scratch}/src/`,
      target: `${scratch}/a/`,
      rsyncArgs: ['--bwlimit=3000'],
    });
    const running = await until(row, (s) => s.phase === 'running' && (s.progress?.bytes ?? 0) > 0);
    expect(running.progress?.rate).toMatch(/\/s$/);
    // The master goes (a closed laptop); the copy does not.
    await transport.close();
    const done = await until(row, (s) => s.phase !== 'running');
    expect(done).toMatchObject({ phase: 'done', exitCode: 0, meaning: 'copied' });
    expect(done.progress?.percent).toBe(100);
    expect(same(join(scratch, 'src'), join(scratch, 'a'))).toBe(true);
  });

  it('resumes after the host’s rsync is killed, and finishes the copy', async () => {
    const row = await startCopy(host, store, {
      source: `${scratch}/src/`,
      target: `${scratch}/b/`,
      rsyncArgs: ['--bwlimit=2000'],
    });
    await until(row, (s) => (s.progress?.bytes ?? 0) > 2 << 20);
    await transport.exec(['pkill', '-KILL', '-u', loginTarget().user as string, '-x', 'rsync']);
    const killed = await until(row, (s) => s.phase !== 'running');
    expect(killed.phase).toBe('failed');
    expect(killed.meaning).toContain('killed');
    expect(killed.hint).toContain(`data resume ${row.id}`);
    await resumeCopy(host, row, store);
    const done = await until(row, (s) => s.phase !== 'running');
    expect(done.phase).toBe('done');
    expect(same(join(scratch, 'src'), join(scratch, 'b'))).toBe(true);
  });

  it('cancels a copy: rsync stops, the partial files stay for a resume', async () => {
    const row = await startCopy(host, store, {
      source: `${scratch}/src/`,
      target: `${scratch}/c/`,
      rsyncArgs: ['--bwlimit=1000'],
    });
    await until(row, (s) => (s.progress?.bytes ?? 0) > 0);
    expect(await cancelCopy(host, row)).toBe(true);
    const stopped = await until(row, (s) => s.phase !== 'running');
    expect(stopped).toMatchObject({ phase: 'failed', exitCode: 20 });
    expect(stopped.meaning).toContain('stopped by a signal');
  });

  it('copies a folder in parallel streams: the same tree (folders, links, odd names), one progress', async () => {
    const tree = join(scratch, 'tree');
    mkdirSync(join(tree, 'deep', 'er'), { recursive: true });
    mkdirSync(join(tree, 'empty'));
    for (let i = 0; i < 6; i++) {
      writeFileSync(join(tree, i % 2 ? 'deep' : 'deep/er', `f${i}.bin`), randomBytes(2 << 20));
    }
    writeFileSync(join(tree, 'a name with spaces\nand a newline'), 'odd');
    execFileSync('ln', ['-s', 'deep/f1.bin', join(tree, 'link')]);
    execFileSync('chmod', ['-R', 'a+rwX', tree]);
    // Without a trailing slash the folder itself lands in the target, as with one rsync.
    const row = await startCopy(host, store, {
      source: tree,
      target: `${scratch}/par`,
      rsyncArgs: ['--bwlimit=1500'],
      parallel: 3,
    });
    const running = await until(row, (s) => (s.progress?.bytes ?? 0) > 1 << 20);
    const streams = await transport.exec(['pgrep', '-c', '-f', `^rsync .*copies/${row.id}/`]);
    expect(Number(streams.stdout.trim())).toBeGreaterThanOrEqual(2);
    expect(running.progress?.percent).toBeLessThan(100);
    const done = await until(row, (s) => s.phase !== 'running');
    expect(done).toMatchObject({ phase: 'done', exitCode: 0 });
    expect(done.progress?.percent).toBe(100);
    execFileSync('diff', ['-r', '--no-dereference', tree, join(scratch, 'par', 'tree')]);
    expect(
      execFileSync('readlink', [join(scratch, 'par', 'tree', 'link')])
        .toString()
        .trim(),
    ).toBe('deep/f1.bin');
  });

  it('cancels every stream of a parallel copy', async () => {
    const row = await startCopy(host, store, {
      source: `${scratch}/src/`,
      target: `${scratch}/parc/`,
      rsyncArgs: ['--bwlimit=500'],
      parallel: 2,
    });
    await until(row, (s) => (s.progress?.bytes ?? 0) > 0);
    expect(await cancelCopy(host, row)).toBe(true);
    const stopped = await until(row, (s) => s.phase !== 'running');
    expect(stopped).toMatchObject({ phase: 'failed', exitCode: 20 });
    // rsync's children finish their cleanup a moment after the parent exits.
    let left = '';
    for (let i = 0; i < 40 && left !== '0'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      left = (
        await transport.exec(['pgrep', '-c', '-f', `^rsync .*copies/${row.id}/`])
      ).stdout.trim();
    }
    expect(left).toBe('0');
  });

  it('refuses a path rsync would read as an option', async () => {
    await expect(
      startCopy(host, store, { source: '--delete', target: `${scratch}/d/` }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

describe('slurmdeck data', () => {
  it('copies, shows progress and the end, and says a finished copy is not running', async () => {
    const env = {
      ...process.env,
      SLURMDECK_CONFIG: inject('configFile'),
      SLURMDECK_STATE_DIR: mkdtempSync('/tmp/sdeck-copy-state-'),
    };
    const started = await runCli(
      [
        '--cluster',
        'dev',
        'data',
        'copy',
        `${scratch}/src/`,
        `${scratch}/cli/`,
        '--bwlimit',
        '20000',
      ],
      env,
    );
    expect(started.code, started.stderr).toBe(0);
    const id = /copy ([0-9a-f]{8}) started/.exec(started.stdout)?.[1] as string;
    expect(id).toBeDefined();
    let state: CopyState | undefined;
    for (let i = 0; i < 100 && state?.phase !== 'done'; i++) {
      const shown = await runCli(['data', 'status', id, '--json'], env);
      state = (JSON.parse(shown.stdout) as CopyState[])[0];
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(state?.phase).toBe('done');
    const table = await runCli(['data', 'status'], env);
    expect(table.stdout).toMatch(new RegExp(`${id}\\s+done\\s+100%`));
    const cancel = await runCli(['data', 'cancel', id, '--yes'], env);
    expect(cancel.stdout).toContain(`copy ${id} was not running`);
    expect(same(join(scratch, 'src'), join(scratch, 'cli'))).toBe(true);
  });

  it('lists and sizes a folder on the host, and says what the host said when it cannot', async () => {
    const env = { ...process.env, SLURMDECK_CONFIG: inject('configFile') };
    const ls = await runCli(['--cluster', 'dev', 'data', 'ls', `${scratch}/src`], env);
    expect(ls.stdout).toContain('part3.bin');
    const du = await runCli(['--cluster', 'dev', 'data', 'du', `${scratch}/src`, '--json'], env);
    expect((JSON.parse(du.stdout) as { bytes: number }).bytes).toBeGreaterThanOrEqual(12 << 20);
    const missing = await runCli(['--cluster', 'dev', 'data', 'ls', `${scratch}/nope`], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('No such file or directory');
  });
});
