import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { EXEC } from './remote-scripts.js';

const run = promisify(execFile);
const T = 'slurmdeck-t-000001';
const marker = 'SLURMDECKabcd1234';
const id = '0f0f0f0f';

/**
 * A tmux that answers EXEC's calls: the pane's pid, a paste that "runs" the command (its echo,
 * begin and end markers go to the log), and every call written to calls.txt. `old` plays a
 * tmux before 3.2, which refuses run-shell -C; `slowKeys` makes send-keys take a second.
 */
function fakeLoginHost(options: { old?: boolean; slowKeys?: boolean } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'slurmdeck-exec-'));
  const dir = join(home, '.slurmdeck', 'sessions', T);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'log'), 'prompt$ ');
  mkdirSync(join(home, 'bin'));
  const tmux = `#!/bin/sh
printf '%s\\n' "$*" >> "$HOME/calls.txt"
case "$*" in *run-shell*) [ "$OLD" = 1 ] && { echo "unknown flag -C" >&2; exit 1; };; esac
case "$*" in *send-keys*) [ "$SLOW" = 1 ] && sleep 1;; esac
case "$*" in *display-message*) echo $PPID;; esac
case "$*" in *load-buffer*) cat > /dev/null;; esac
case "$*" in *paste-buffer*)
  printf 'typed line\\r\\n@@%s@@B %s\\r\\nhi\\r\\n\\r\\n@@%s@@E %s 0\\r\\nprompt$ ' \\
    ${marker} ${id} ${marker} ${id} >> "$HOME/.slurmdeck/sessions/${T}/log";;
esac
exit 0
`;
  writeFileSync(join(home, 'bin', 'tmux'), tmux);
  chmodSync(join(home, 'bin', 'tmux'), 0o755);
  const env = {
    ...process.env,
    HOME: home,
    PATH: `${join(home, 'bin')}:${process.env['PATH'] ?? ''}`,
    OLD: options.old ? '1' : '0',
    SLOW: options.slowKeys ? '1' : '0',
  };
  const exec = async (nudge: '0' | '1') => {
    const args = [T, marker, id, '', '0', '3000', '1048576', nudge];
    const child = run('sh', ['-c', EXEC, 'sh', ...args], { env, encoding: 'utf8' });
    child.child.stdin?.end('the framed line\n');
    const begun = performance.now();
    const { stdout } = await child;
    return { stdout, ms: performance.now() - begun };
  };
  const calls = () => {
    try {
      return readFileSync(join(home, 'calls.txt'), 'utf8').trim().split('\n');
    } catch {
      return [];
    }
  };
  return { home, exec, calls };
}

describe('EXEC on the login host', () => {
  const homes: string[] = [];
  afterEach(() => {
    for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
  });
  const host = (options?: Parameters<typeof fakeLoginHost>[0]) => {
    const made = fakeLoginHost(options);
    homes.push(made.home);
    return made;
  };
  const nudges = (calls: string[]) => calls.filter((c) => /send-keys .*C-q/.test(c));

  it('answers with the log from the paste through the end marker', async () => {
    const { exec } = host();
    const { stdout } = await exec('1');
    const [head, payload] = stdout.split('\n');
    expect(head).toBe('OFF 8');
    expect(Buffer.from(payload ?? '', 'base64').toString()).toContain(`@@${marker}@@E ${id} 0`);
  });

  it('nudges with ctrl-q after the paste: one tmux call that schedules the later ones', async () => {
    const { exec, calls } = host();
    await exec('1');
    await new Promise((r) => setTimeout(r, 300));
    const sent = nudges(calls());
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/run-shell -b -d 0\.005 -C send-keys -t '=.*' C-q/);
  });

  it('falls back to one tmux call per nudge when tmux is older than 3.2', async () => {
    const { exec, calls } = host({ old: true });
    await exec('1');
    await new Promise((r) => setTimeout(r, 500));
    expect(nudges(calls()).filter((c) => !c.includes('run-shell'))).toHaveLength(2);
  });

  it('does not nudge when asked not to', async () => {
    const { exec, calls } = host();
    await exec('0');
    await new Promise((r) => setTimeout(r, 300));
    expect(nudges(calls())).toEqual([]);
  });

  it('answers without waiting for the nudges to be sent', async () => {
    const { exec } = host({ old: true, slowKeys: true });
    const { ms } = await exec('1');
    expect(ms).toBeLessThan(900);
  });
});
