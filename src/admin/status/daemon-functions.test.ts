import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAEMON_FUNCTIONS, HOST_FACTS } from './daemon-functions.js';
import { FACT_FUNCTION } from './facts-frame.js';

/** Runs the functions under the real /bin/sh with `body` after them; its stdout. */
function sh(body: string, ...args: string[]): string {
  const script = `M=@t\n${FACT_FUNCTION}\n${HOST_FACTS}\n${DAEMON_FUNCTIONS}\n${body}`;
  const result = spawnSync('sh', ['-c', script, 'sh', ...args], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout;
}

describe('the daemon functions of the status scripts, under sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-daemons-'));
  const children: ChildProcess[] = [];
  // `sleep` under a daemon's name (its comm), and under a name made to look like two.
  const start = (name: string) => {
    const path = join(dir, name);
    copyFileSync('/bin/sleep', path);
    const child = spawn(path, ['30'], { stdio: 'ignore' });
    children.push(child);
    return child.pid;
  };
  let munged: number | undefined;
  beforeAll(() => {
    munged = start('munged');
    start('munged slurmd');
  });
  afterAll(() => {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a daemon by its exact name and no process whose name only contains it', () => {
    const out = sh('pids_of munged slurmd; echo "munged=$PID_munged slurmd=$PID_slurmd"');
    expect(out.trim().split('\n').at(-1)).toMatch(new RegExp(`^munged=(\\d+) slurmd=`));
    // Another munged may run on the machine: ours or a lower pid is taken, never the decoy.
    const found = Number(/munged=(\d+)/.exec(out)?.[1]);
    expect(found).toBeLessThanOrEqual(munged ?? 0);
    expect(out).not.toContain('not found');
  });

  it("reads an option in each of getopt's forms, values with spaces kept whole", () => {
    const read = (...args: string[]) =>
      sh('read_args $$; arg V --socket -S; printf "[%s]" "$V"', ...args)
        .split('\n')
        .at(-1);
    expect(read('--key-file=/k', '--socket=/run/a b/sock')).toBe('[/run/a b/sock]');
    expect(read('--socket', '/run/two')).toBe('[/run/two]');
    expect(read('-S', '/run/short')).toBe('[/run/short]');
    expect(read('-S/run/glued')).toBe('[/run/glued]');
    expect(read('--socket-other=/no', '--key-file')).toBe('[]');
  });

  it('takes the first line of a command’s output', () => {
    const out = sh('fact version "$(first_line "$(printf "v 1.2\\nmore\\n")")"');
    expect(out).toContain('@t version v 1.2\n');
    expect(out).not.toContain('more');
  });

  it('prints the host facts every script starts with', () => {
    const out = sh('');
    expect(out).toMatch(/^@t host \S+$/m);
    expect(out).toMatch(/^@t time \d+\.\d+$/m);
    expect(out).toMatch(/^@t hz \d+$/m);
  });
});
