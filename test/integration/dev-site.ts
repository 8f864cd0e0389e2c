import { execFile } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SshTarget } from '../../src/transport/ssh.js';
import { devClusterInfoFile } from './dev-cluster-info.js';

/** The site-shaped part of the dev cluster, as `dev-cluster up` describes it in cluster.json. */
export interface DevSite {
  name: string;
  profileFile: string;
  login: SshTarget & { host: string; user: string };
  login2: SshTarget & { host: string; user: string };
  data: SshTarget & { host: string; user: string };
  /** Each cold pool's filesystem as this machine's own namespace sees it. */
  coldDirs: Record<string, string>;
  eastDir: string;
}

export function devSite(): DevSite {
  const info = JSON.parse(readFileSync(devClusterInfoFile(), 'utf8')) as {
    login: DevSite['login'];
    site?: Omit<DevSite, 'login'>;
  };
  if (!info.site) throw new Error('cluster.json has no site: run `slurmdeck dev-cluster up`');
  return { ...info.site, login: info.login };
}

/**
 * An environment whose config has an account at the dev site (its profile in the user's
 * profile folder), on top of the test config's clusters; commands without a partition go to
 * `group`'s login host.
 */
export function devSiteEnv(configFile: string, group: string): NodeJS.ProcessEnv {
  const site = devSite();
  // Short: ssh control sockets live under the state folder (107 bytes at most a path).
  const dir = mkdtempSync(join(tmpdir(), 'sdeck-site-'));
  const xdg = join(dir, 'xdg');
  mkdirSync(join(xdg, 'slurmdeck', 'sites'), { recursive: true });
  copyFileSync(site.profileFile, join(xdg, 'slurmdeck', 'sites', `${site.name}.yaml`));
  const config = join(dir, 'config.yaml');
  copyFileSync(configFile, config);
  const { user, identityFile, knownHostsFile } = site.login;
  appendFileSync(
    config,
    `sites:\n  ${site.name}: ${JSON.stringify({ user, identityFile, knownHostsFile, group })}\n`,
  );
  return {
    ...process.env,
    XDG_CONFIG_HOME: xdg,
    SLURMDECK_CONFIG: config,
    SLURMDECK_STATE_DIR: join(dir, 'state'),
    SLURMDECK_LOG: 'warn',
  };
}

/** Plain OpenSSH to a host of the site as the test user, no framing: what the host itself allows. */
export async function plainSsh(
  target: DevSite['login'],
  command: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'ssh',
      [...sshOptions(target), `${target.user}@${target.host}`, command],
      { timeout: 30_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** ssh options for the test user's key, host key checked, never asking. */
export function sshOptions(target: DevSite['login']): string[] {
  return [
    '-i',
    target.identityFile as string,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${target.knownHostsFile as string}`,
  ];
}
