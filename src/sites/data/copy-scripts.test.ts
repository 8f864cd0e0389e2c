import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRunScript } from './copy-scripts.js';
import { explainRsyncExit } from './rsync-exit.js';
import { rsyncErrors } from './rsync-progress.js';

// The run script as the data node's sh runs it, here with this machine's rsync and coreutils.
function setup() {
  const home = mkdtempSync(join(tmpdir(), 'slurmdeck-copy-script-'));
  const src = join(home, 'src');
  mkdirSync(join(src, 'a', 'b'), { recursive: true });
  for (let i = 0; i < 5; i++) writeFileSync(join(src, i % 2 ? 'a' : 'a/b', `f${i}`), `file ${i}\n`);
  const dir = join(home, '.slurmdeck', 'copies', 'c1');
  mkdirSync(dir, { recursive: true });
  const run = (parallel: number, path = process.env['PATH'] ?? '') =>
    execFileSync('sh', ['-c', copyRunScript('c1', `${src}/`, join(home, 'dst'), [], parallel)], {
      env: { HOME: home, PATH: path },
    });
  const exit = () => readFileSync(join(dir, 'exit'), 'utf8').trim();
  const log = () => readFileSync(join(dir, 'log'), 'utf8');
  return { home, src, dir, run, exit, log };
}

describe('the copy run script', () => {
  it('copies a tree in parallel streams, exit 0', () => {
    const { home, src, run, exit } = setup();
    run(3);
    expect(exit()).toBe('0');
    execFileSync('diff', ['-r', src, join(home, 'dst')]);
  });

  it('lets many streams start together on a target that does not exist yet', () => {
    const { home, src, dir } = setup();
    for (let i = 0; i < 40; i++) writeFileSync(join(src, `g${i}`), `more ${i}\n`);
    for (let round = 0; round < 8; round++) {
      const target = join(home, `fresh${round}`);
      execFileSync('sh', ['-c', copyRunScript('c1', `${src}/`, target, [], 8)], {
        env: { HOME: home, PATH: process.env['PATH'] ?? '' },
      });
      expect(readFileSync(join(dir, 'exit'), 'utf8').trim(), `round ${round}`).toBe('0');
    }
  });

  it('ends at once with 20 when cancelled before an rsync started', () => {
    const { home, dir, run, exit } = setup();
    writeFileSync(join(dir, 'cancelled'), '');
    run(3);
    expect(exit()).toBe('20');
    expect(existsSync(join(home, 'dst'))).toBe(false);
  });

  it('copies with one rsync when the files cannot be shared out, and says why', () => {
    const { home, src, run, exit, log } = setup();
    const shims = join(home, 'shims');
    mkdirSync(shims);
    writeFileSync(join(shims, 'split'), '#!/bin/sh\necho "split: invalid option" >&2\nexit 1\n');
    chmodSync(join(shims, 'split'), 0o755);
    run(3, `${shims}:${process.env['PATH'] ?? ''}`);
    expect(exit()).toBe('0');
    expect(log()).toContain('split: invalid option');
    expect(log()).toContain('copying with one rsync');
    execFileSync('diff', ['-r', src, join(home, 'dst')]);
  });
});

// A relayed copy's target is `HOST:PATH`: an `ssh` first on PATH stands in for the data node,
// running rsync's server here and noting the host and options it was given.
function withFakeSsh(home: string) {
  const shims = join(home, 'ssh-shims');
  mkdirSync(shims);
  writeFileSync(
    join(shims, 'ssh'),
    [
      '#!/bin/sh',
      `echo "$*" >> '${join(home, 'ssh-calls')}'`,
      'while [ "$1" = -o ]; do shift 2; done',
      'shift',
      'exec sh -c "$*"',
      '',
    ].join('\n'),
  );
  chmodSync(join(shims, 'ssh'), 0o755);
  return {
    path: `${shims}:${process.env['PATH'] ?? ''}`,
    calls: () => readFileSync(join(home, 'ssh-calls'), 'utf8'),
  };
}

describe('the copy run script with the target on another host', () => {
  for (const parallel of [1, 3]) {
    it(`has rsync's server there write it (${parallel} stream${parallel > 1 ? 's' : ''}), ssh never asking`, () => {
      const { home, src, exit } = setup();
      const ssh = withFakeSsh(home);
      const target = join(home, 'far', 'deep', 'dst');
      // As with a local target, one rsync makes only the last folder; the streams make all.
      if (parallel === 1) mkdirSync(join(home, 'far', 'deep'), { recursive: true });
      execFileSync(
        'sh',
        ['-c', copyRunScript('c1', `${src}/`, `datanode:${target}`, [], parallel)],
        {
          env: { HOME: home, PATH: ssh.path },
        },
      );
      expect(exit()).toBe('0');
      execFileSync('diff', ['-r', src, target]);
      expect(ssh.calls()).toContain('datanode rsync --server');
      expect(ssh.calls()).toContain('-o BatchMode=yes -o StrictHostKeyChecking=yes');
      // Nothing was made here under the remote spelling of the target.
      expect(existsSync(join(home, 'datanode:'))).toBe(false);
      expect(existsSync(`datanode:${target}`)).toBe(false);
    });
  }

  it('ends with ssh’s 255 and its words when the other host cannot be reached', () => {
    const { home, src, exit, log } = setup();
    const shims = join(home, 'ssh-refuses');
    mkdirSync(shims);
    writeFileSync(
      join(shims, 'ssh'),
      '#!/bin/sh\necho "Host key verification failed." >&2\nexit 255\n',
    );
    chmodSync(join(shims, 'ssh'), 0o755);
    execFileSync('sh', ['-c', copyRunScript('c1', `${src}/`, 'datanode:/x/', [], 1)], {
      env: { HOME: home, PATH: `${shims}:${process.env['PATH'] ?? ''}` },
    });
    // rsync passes ssh's 255 on, or says 12 when it noticed the dead pipe first (a race).
    expect(['255', '12']).toContain(exit());
    expect(rsyncErrors(log())[0]).toBe('Host key verification failed.');
    expect(explainRsyncExit(255).meaning).toContain('ssh to the other end failed');
  });

  it('leaves ssh out of a copy between two local paths', () => {
    expect(copyRunScript('c1', '/a/', '/b', [], 1)).not.toContain('BatchMode');
    expect(copyRunScript('c1', '/a/', 'host:/b', [], 1)).toContain('BatchMode');
  });
});
