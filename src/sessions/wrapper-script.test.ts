import { execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { frameCommand } from './markers.js';
import { wrapperScript } from './wrapper-script.js';

const script = wrapperScript({
  tmux: 'sdk-train-abc123',
  marker: 'abcd1234',
  srunArgs: ['--gpus=1', '--container-image=nvcr.io#nvidia/pytorch:24.01-py3', "--comment=it's"],
  exclude: ['n1'],
  healthCommand: 'nvidia-smi -L && test "$SLURMD_NODENAME" != n1',
  maxRetries: 3,
  idleReleaseSeconds: 600,
});

describe('wrapperScript', () => {
  it('is valid bash', () => {
    expect(() => execFileSync('bash', ['-n'], { input: script })).not.toThrow();
  });

  it('passes container flags through to srun unchanged', () => {
    const argv = execFileSync(
      'bash',
      ['-c', `${script.split('\nboot=')[0]}\nprintf '%s\\n' "\${srunargs[@]}"`],
      {
        encoding: 'utf8',
      },
    );
    expect(argv.trim().split('\n')).toEqual([
      '--gpus=1',
      '--container-image=nvcr.io#nvidia/pytorch:24.01-py3',
      "--comment=it's",
    ]);
  });

  it('keeps the health command as one word', () => {
    const value = execFileSync(
      'bash',
      ['-c', `${script.split('\nboot=')[0]}\nprintf '%s' "$health"`],
      {
        encoding: 'utf8',
      },
    );
    expect(value).toBe('nvidia-smi -L && test "$SLURMD_NODENAME" != n1');
  });
});

/**
 * The wrapper's definitions (everything before it starts srun), with tmux and scancel faked and
 * the session folder in a temporary one: idle_watch and its helpers run for real in bash.
 */
function definitions(marker: string, idleSeconds: number, dir: string): string {
  const wrapper = wrapperScript({
    tmux: 'sdk-idle-abc123',
    marker,
    srunArgs: [],
    exclude: [],
    healthCommand: undefined,
    maxRetries: 0,
    idleReleaseSeconds: idleSeconds,
  });
  const head = wrapper.split('\nwhile [ ! -e "$d/piped" ]')[0] as string;
  return `${head}
d='${dir}'
tm() { case "$1" in display-message) echo 0 ;; kill-session) touch "$d/killed" ;; esac; }
scancel() { :; }
`;
}

describe('idle release', () => {
  const marker = 'SLURMDECKabcd1234';
  const dirs: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-idle-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'log'), `\n@@${marker}@@READY 1 1700000000\r\n$ `);
    writeFileSync(join(dir, 'events'), '');
    writeFileSync(join(dir, 'active'), '');
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const begin = (id: string) =>
    `${frameCommand('sleep 20', marker, id)}\r\n\n@@${marker}@@B ${id}\r\n`;
  const end = (id: string, code: number) => `\r\n@@${marker}@@E ${id} ${code}\r\n$ `;

  it('sees a command sent by exec as running from its begin marker to its end marker', () => {
    const dir = folder();
    // What the log gains between two looks of scan_frames, in one bash.
    const gains = [
      '',
      `${begin('0a1b2c3d')}epoch 1\r\n`,
      'x'.repeat(200_000),
      // An end marker cut in two between looks.
      `\r\n@@${marker}@@`,
      `E 0a1b2c3d 0\r\n$ `,
      // Another session's frames, and our pattern typed as text, don't count.
      `\n@@SDKffffffff@@B 99999999\r\n$ echo @@%s@@B\r\n`,
      begin('4e5f6a7b'),
    ];
    gains.forEach((g, i) => writeFileSync(join(dir, `gain.${i}`), g));
    const looks = gains
      .map((_, i) => `cat "$d/gain.${i}" >> "$d/log"; scan_frames; echo "$busy"`)
      .join('\n');
    const seen = execFileSync('bash', ['-c', `${definitions(marker, 60, dir)}\n${looks}`], {
      encoding: 'utf8',
    });
    expect(seen.trim().split('\n')).toEqual(['0', '1', '1', '1', '0', '0', '1']);
  });

  it("keeps a session whose exec'd command still runs, and releases it once the shell sits idle", async () => {
    const dir = folder();
    const log = join(dir, 'log');
    appendFileSync(log, begin('0a1b2c3d'));
    const watcher = spawn('bash', ['-c', `${definitions(marker, 2, dir)}\nidle_watch`], {
      stdio: 'ignore',
    });
    try {
      // A quiet command, running three times as long as the idle window: not released.
      await sleep(6000);
      expect(existsSync(join(dir, 'killed'))).toBe(false);
      appendFileSync(log, end('0a1b2c3d', 0));
      // Now idle at the prompt: released within the window and a tick or two.
      for (let i = 0; i < 60 && !existsSync(join(dir, 'killed')); i++) await sleep(100);
      expect(existsSync(join(dir, 'killed'))).toBe(true);
      expect(readFileSync(join(dir, 'events'), 'utf8')).toMatch(
        / ended released after 0 min unused/,
      );
    } finally {
      watcher.kill();
    }
  }, 20_000);
});

describe("the cluster's setup", () => {
  const homes: string[] = [];
  afterEach(() => {
    for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the whole wrapper with a fake srun that only the setup puts on PATH; its events. */
  function runWith(setup: string | undefined): { events: string; srunRan: boolean } {
    const home = mkdtempSync(join(tmpdir(), 'slurmdeck-setup-'));
    homes.push(home);
    const tmux = 'sdk-setup-abc123';
    const d = join(home, '.slurmdeck', 'sessions', tmux);
    execFileSync('mkdir', ['-p', d, join(home, 'slurm-bin')]);
    writeFileSync(join(d, 'piped'), '');
    writeFileSync(join(d, 'log'), '');
    writeFileSync(join(home, 'slurm-bin', 'srun'), `#!/bin/sh\ntouch '${home}/srun-ran'\n`, {
      mode: 0o755,
    });
    const script = wrapperScript({
      tmux,
      marker: 'SLURMDECKabcd1234',
      srunArgs: [],
      exclude: [],
      healthCommand: undefined,
      maxRetries: 0,
      idleReleaseSeconds: 0,
      setup: setup?.replaceAll('HOME_DIR', home),
    });
    try {
      execFileSync('bash', ['-c', script], {
        env: { HOME: home, PATH: '/usr/bin:/bin' },
        stdio: 'ignore',
      });
    } catch {
      // it ends with exit 1: the fake srun never brings a shell up
    }
    return {
      events: readFileSync(join(d, 'events'), 'utf8'),
      srunRan: existsSync(join(home, 'srun-ran')),
    };
  }

  it('runs before srun, so srun is found where only the setup puts it on PATH', () => {
    expect(runWith(undefined).srunRan).toBe(false);
    expect(runWith('PATH=HOME_DIR/slurm-bin:$PATH; echo loaded').srunRan).toBe(true);
  });

  it('ends the start with what the failed setup said, without running srun', () => {
    const ran = runWith('echo "module: slurm is unknown" >&2; false');
    expect(ran.srunRan).toBe(false);
    expect(ran.events).toMatch(
      / failed the cluster's setup failed: .*: module: slurm is unknown\n/,
    );
  });
});
