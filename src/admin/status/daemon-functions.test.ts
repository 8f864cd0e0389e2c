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
  // The shell's own SLURM_CONF (a test run may set one) is not what these tests are about.
  const { SLURM_CONF: _ignored, ...env } = process.env;
  const result = spawnSync('sh', ['-c', script, 'sh', ...args], { encoding: 'utf8', env });
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

  it('finds the slurm.conf a daemon reads: its -f, else SLURM_CONF in its environment', () => {
    const withArgs = spawn('sh', ['-c', 'sleep 30', 'slurmd', '-D', '-f', '/site/slurm.conf'], {
      stdio: 'ignore',
      env: { PATH: process.env['PATH'], SLURM_CONF: '/env/slurm.conf' },
    });
    const withEnv = spawn('sh', ['-c', 'sleep 30', 'slurmd', '-D'], {
      stdio: 'ignore',
      env: { PATH: process.env['PATH'], SLURM_CONF: '/env/slurm.conf' },
    });
    children.push(withArgs, withEnv);
    const confOf = (pid: number | string) =>
      sh(`conf_of ${pid}; printf "[%s]" "$CONF"`).split('\n').at(-1);
    expect(confOf(withArgs.pid ?? 0)).toBe('[/site/slurm.conf]');
    expect(confOf(withEnv.pid ?? 0)).toBe('[/env/slurm.conf]');
    // No daemon: the usual places.
    expect(confOf('""')).toMatch(
      /^\[(\/etc\/slurm\/slurm\.conf|\/usr\/local\/etc\/slurm\.conf|\/etc\/slurm-llnl\/slurm\.conf)\]$/,
    );
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
