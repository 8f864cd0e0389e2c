import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CopyState } from '../../src/sites/index.js';
import { runCli } from '../helpers/run-cli.js';
import { devSite, devSiteEnv } from './dev-site.js';

// Copies into the dev site's cold pools: the data host (10.77.0.6) runs rsync and tmux only, and
// the pools are read-only on the login hosts. The copy runs in tmux on the first login host and
// rsync's server on the data host writes the pool. The source is in this machine's /tmp, which
// the first login host shares.
const site = devSite();
const env = devSiteEnv(inject('configFile'), 'main');
// ssh masters under the state folder, where the test can find (and kill) them.
delete env['XDG_RUNTIME_DIR'];
const controlDir = join(env['SLURMDECK_STATE_DIR'] as string, 'run', 'ssh');
const slurmdeck = (args: string[]) => runCli(['--site', site.name, ...args], env, 90_000);
const run = `t${randomBytes(4).toString('hex')}`;
const files = ['part0.bin', 'part1.bin', 'part2.bin', 'part3.bin'];
let scratch: string;
const source = () => `${join(scratch, 'src')}/`;
const pool = (name: string, ...rest: string[]) => join(site.coldDirs[name] as string, run, ...rest);

beforeAll(() => {
  scratch = mkdtempSync('/tmp/sdeck-relay-');
  mkdirSync(join(scratch, 'src'));
  for (const f of files) writeFileSync(join(scratch, 'src', f), randomBytes(2 << 20));
  execFileSync('chmod', ['-R', 'a+rwX', scratch]);
  chmodSync(scratch, 0o777);
  for (const name of ['archive', 'vault']) {
    mkdirSync(join(site.coldDirs[name] as string, run), { recursive: true });
    execFileSync('chown', [`${site.login.user}:`, join(site.coldDirs[name] as string, run)]);
  }
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  for (const dir of Object.values(site.coldDirs)) {
    rmSync(join(dir, run), { recursive: true, force: true });
  }
});

const same = (copied: string) =>
  files.every((f) => readFileSync(join(scratch, 'src', f)).equals(readFileSync(join(copied, f))));

async function start(target: string, bwlimit: number): Promise<string> {
  const started = await slurmdeck(['data', 'copy', source(), target, '--bwlimit', String(bwlimit)]);
  expect(started.code, started.stderr).toBe(0);
  expect(started.stdout).toContain(`started on ${site.login.user}@${site.login.host}`);
  expect(started.stdout).toContain(`-> ${site.data.host}:${target}`);
  return /copy ([0-9a-f]{8}) started/.exec(started.stdout)?.[1] as string;
}

async function state(id: string): Promise<CopyState> {
  const shown = await slurmdeck(['data', 'status', id, '--json']);
  expect(shown.code, shown.stderr).toBe(0);
  return (JSON.parse(shown.stdout) as CopyState[])[0] as CopyState;
}

async function until(id: string, done: (s: CopyState) => boolean): Promise<CopyState> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const s = await state(id);
    if (done(s)) return s;
    if (Date.now() > deadline) throw new Error(`copy ${id}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 400));
  }
}

/** Pids of processes whose command line matches, found by pgrep (an exit of 1: none). */
function pids(pattern: string, user?: string): number[] {
  try {
    const args = [...(user ? ['-u', user] : []), '-f', pattern];
    return execFileSync('pgrep', args, { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** The network namespace a process lives in (each dev cluster host has its own). */
const netnsOf = (pid: number) => {
  try {
    return execFileSync('ip', ['netns', 'identify', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

describe('a data copy into a cold pool through a data host that runs no shell', () => {
  it('is explained by site route: the data host writes, the login host runs the copy', async () => {
    const route = await slurmdeck(['site', 'route', '--path', `/archive/${run}`, '--for', 'data']);
    expect(route.code, route.stderr).toBe(0);
    const [host, ...reasons] = route.stdout.trim().split('\n');
    expect(host).toBe(site.data.host);
    expect(reasons.join('\n')).toContain(
      `${site.data.host} runs no shell: a data copy runs inside tmux on ${site.login.host}`,
    );
    const json = await slurmdeck(['site', 'route', '--path', `/archive/${run}`, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      host: site.data.host,
      writable: true,
      copyRelay: { runsOn: site.login.host, writer: site.data.host },
    });
  });

  it('completes with identical files, and goes on while the ssh master is killed', async () => {
    const target = `/archive/${run}/a/`;
    const id = await start(target, 2500);
    const running = await until(id, (s) => s.phase === 'running' && (s.progress?.bytes ?? 0) > 0);
    expect(running).toMatchObject({
      cluster: `${site.name}-main`,
      target: `${site.data.host}:${target}`,
    });
    // The laptop's connection goes (a closed lid, a dropped VPN): every master is killed.
    const masters = pids(`ControlPath=${controlDir}/%C .* -N -f `);
    expect(masters.length).toBeGreaterThan(0);
    for (const pid of masters) process.kill(pid, 'SIGKILL');
    const done = await until(id, (s) => s.phase !== 'running');
    expect(done).toMatchObject({ phase: 'done', exitCode: 0 });
    expect(done.progress?.percent).toBe(100);
    // The login host sees /archive read-only: only the data host can have written these.
    expect(same(pool('archive', 'a'))).toBe(true);
  });

  it('resumes after the data host’s rsync is killed, and finishes the copy', async () => {
    const target = `/vault/${run}/b/`;
    const id = await start(target, 1500);
    await until(id, (s) => (s.progress?.bytes ?? 0) > 2 << 20);
    const servers = pids('^rsync --server', site.login.user).filter(
      (pid) => netnsOf(pid) === 'sdeck-data',
    );
    expect(servers.length).toBeGreaterThan(0);
    for (const pid of servers) process.kill(pid, 'SIGKILL');
    const broken = await until(id, (s) => s.phase !== 'running');
    expect(broken.phase).toBe('failed');
    // ssh passes on how rsync's server ended: killed by signal 9.
    expect(broken.meaning).toContain('killed');
    expect(broken.hint).toContain(`data resume ${id}`);
    const resumed = await slurmdeck(['data', 'resume', id]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const done = await until(id, (s) => s.phase !== 'running');
    expect(done).toMatchObject({ phase: 'done', exitCode: 0 });
    expect(same(pool('vault', 'b'))).toBe(true);
  });

  it('picks the roomier cold pool with df on the login host, and copies there through the data host', async () => {
    // /home/USER/RUN keeps its path below the pool: /vault/USER/RUN (vault has more room).
    const home = join('/home', site.login.user, run);
    mkdirSync(home);
    for (const f of files) writeFileSync(join(home, f), readFileSync(join(scratch, 'src', f)));
    execFileSync('chown', ['-R', `${site.login.user}:`, home]);
    const below = join(site.coldDirs['vault'] as string, site.login.user);
    const madeBelow = !existsSync(below);
    mkdirSync(below, { recursive: true });
    execFileSync('chown', [`${site.login.user}:`, below]);
    try {
      const started = await slurmdeck(['data', 'copy', `${home}/`, '--to', 'cold']);
      expect(started.code, started.stderr).toBe(0);
      expect(started.stderr).toMatch(/cold pool vault has the most room \(.*\); .* runs no shell/);
      expect(started.stdout).toContain(`-> ${site.data.host}:/vault/${site.login.user}/${run}`);
      const id = /copy ([0-9a-f]{8}) started/.exec(started.stdout)?.[1] as string;
      const done = await until(id, (s) => s.phase !== 'running');
      expect(done).toMatchObject({ phase: 'done', exitCode: 0 });
      expect(same(join(below, run))).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(madeBelow ? below : join(below, run), { recursive: true, force: true });
    }
  });

  it('cancels a relayed copy in parallel streams: every rsync stops on both hosts', async () => {
    const started = await slurmdeck([
      'data',
      'copy',
      source(),
      `/vault/${run}/c/`,
      '--bwlimit',
      '300',
      '--parallel',
      '2',
    ]);
    expect(started.code, started.stderr).toBe(0);
    const id = /copy ([0-9a-f]{8}) started/.exec(started.stdout)?.[1] as string;
    await until(id, (s) => (s.progress?.bytes ?? 0) > 0);
    const cancelled = await slurmdeck(['data', 'cancel', id, '--yes']);
    expect(cancelled.stdout).toContain(`copy ${id} stopped`);
    const stopped = await until(id, (s) => s.phase !== 'running');
    expect(stopped).toMatchObject({ phase: 'failed', exitCode: 20 });
    let left = -1;
    for (let i = 0; i < 40 && left !== 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      left = pids('^rsync --server', site.login.user).filter(
        (pid) => netnsOf(pid) === 'sdeck-data',
      ).length;
    }
    expect(left).toBe(0);
  });
});
