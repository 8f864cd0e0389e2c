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
