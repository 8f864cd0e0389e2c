import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { roomiestColdPool, siteProfile } from '../../src/sites/index.js';
import { createSshTransport } from '../../src/transport/index.js';
import { runCli } from '../helpers/run-cli.js';
import { devSite, devSiteEnv, plainSsh, sshOptions, type DevSite } from './dev-site.js';

// Cold pools of the dev site: /archive (16 MiB) and /vault (48 MiB), read-only on the login
// hosts, written on the data host, which runs rsync and tmux only; /union merges them.
const site = devSite();
const env = devSiteEnv(inject('configFile'), 'main');
const run = `t${randomBytes(4).toString('hex')}`;
let local: string;

/** rsync over ssh to a host, as a user copies to a data node: `rsync --server` runs there. */
async function rsyncTo(target: DevSite['login'], source: string, destination: string) {
  const ssh = ['ssh', ...sshOptions(target)].join(' ');
  try {
    await promisify(execFile)(
      'rsync',
      ['-r', '-e', ssh, source, `${target.user}@${target.host}:${destination}`],
      { timeout: 30_000 },
    );
    return { code: 0, stderr: '' };
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? '' };
  }
}

beforeAll(() => {
  local = mkdtempSync(join(tmpdir(), 'sdeck-cold-'));
  writeFileSync(join(local, 'a.txt'), 'in the archive\n');
  writeFileSync(join(local, 'v.txt'), 'in the vault\n');
  writeFileSync(join(local, 'u.txt'), 'written through the union\n');
});
afterAll(() => {
  rmSync(local, { recursive: true, force: true });
  for (const dir of Object.values(site.coldDirs)) {
    rmSync(join(dir, run), { recursive: true, force: true });
  }
});

describe('the data host', () => {
  it('refuses a plain command, and runs rsync and tmux', async () => {
    const shell = await plainSsh(site.data, 'ls /');
    expect(shell.code).toBe(1);
    expect(shell.stderr).toContain('runs only rsync and tmux, not: ls /');
    const chained = await plainSsh(site.data, 'tmux -V; id');
    expect(chained.code).toBe(1);
    expect((await plainSsh(site.data, 'tmux -V')).stdout).toMatch(/^tmux \d/);
    expect((await plainSsh(site.data, 'rsync --version')).stdout).toMatch(/^rsync\s+version/);
  });

  it('writes the cold pools, which the login hosts see read-only', async () => {
    expect((await rsyncTo(site.data, join(local, 'a.txt'), `/archive/${run}/`)).code).toBe(0);
    expect((await rsyncTo(site.data, join(local, 'v.txt'), `/vault/${run}/`)).code).toBe(0);
    expect(existsSync(join(site.coldDirs['archive'] as string, run, 'a.txt'))).toBe(true);
    for (const login of [site.login, site.login2]) {
      const seen = await plainSsh(login, `cat /archive/${run}/a.txt`);
      expect(seen.stdout).toBe('in the archive\n');
      for (const pool of ['/archive', '/vault', '/union']) {
        const write = await plainSsh(login, `touch ${pool}/${run}-x`);
        expect(write.code, `${login.host} ${pool}`).not.toBe(0);
        expect(write.stderr).toContain('Read-only file system');
      }
    }
    const refused = await rsyncTo(site.login, join(local, 'a.txt'), `/archive/${run}/again/`);
    expect(refused.code).not.toBe(0);
  });

  it('shows both pools in the merged view, and a write there lands on the roomier pool', async () => {
    const union = await plainSsh(site.login2, `ls /union/${run}`);
    expect(union.stdout.split('\n').filter(Boolean).sort()).toEqual(['a.txt', 'v.txt']);
    expect((await rsyncTo(site.data, join(local, 'u.txt'), `/union/${run}-new/`)).code).toBe(0);
    expect(existsSync(join(site.coldDirs['vault'] as string, `${run}-new`, 'u.txt'))).toBe(true);
    expect(existsSync(join(site.coldDirs['archive'] as string, `${run}-new`))).toBe(false);
    rmSync(join(site.coldDirs['vault'] as string, `${run}-new`), { recursive: true });
  });
});

describe('slurmdeck at the dev site', () => {
  it('lists a cold folder through a host that allows a shell, not the data host', async () => {
    const listed = await runCli(['--site', site.name, 'data', 'ls', `/archive/${run}`], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('a.txt');
  });

  it('measures the cold pools with df and picks the one with more free space', async () => {
    const transport = createSshTransport({
      ...site.login,
      controlDir: `${env['SLURMDECK_STATE_DIR']}-ssh`,
    });
    try {
      const profile = siteProfile(site.name, {
        user: join(env['XDG_CONFIG_HOME'] as string, 'slurmdeck', 'sites'),
      }).profile;
      const roomiest = await roomiestColdPool(transport, profile);
      expect(roomiest.pool).toBe('vault');
      expect(roomiest.all['vault']).toBeGreaterThan(roomiest.all['archive'] as number);
    } finally {
      await transport.close();
    }
  });
});
