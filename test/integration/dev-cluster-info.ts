import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SshTarget } from '../../src/transport/ssh.js';

/** cluster.json as `dev-cluster up` writes it; SLURMDECK_DEV_ROOT points at another root. */
export function devClusterInfoFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['SLURMDECK_DEV_ROOT'] || '/var/lib/slurmdeck-dev', 'cluster.json');
}

/**
 * How to reach the dev cluster's login host over ssh, read from cluster.json: as the test user
 * (login, bash) or as the one whose login shell is tcsh (tcshLogin).
 */
export function loginTarget(as: 'login' | 'tcshLogin' = 'login'): SshTarget {
  const file = devClusterInfoFile();
  let info: Partial<Record<typeof as, Record<string, unknown>>>;
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as typeof info;
  } catch (error) {
    throw new Error(`cannot read ${file}: is the dev cluster up? (slurmdeck dev-cluster up)`, {
      cause: error,
    });
  }
  const { host, port, user, identityFile, knownHostsFile } = info[as] ?? {};
  if (typeof host !== 'string' || typeof user !== 'string' || typeof port !== 'number') {
    throw new Error(`${file} has no ${as} host, user and port: is the dev cluster up to date?`);
  }
  return {
    host,
    port,
    user,
    ...(typeof identityFile === 'string' ? { identityFile } : {}),
    ...(typeof knownHostsFile === 'string' ? { knownHostsFile } : {}),
  };
}
