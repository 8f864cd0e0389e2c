import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPaths, testUsers, type ClusterLayout } from './layout.js';
import { run } from './sh.js';

/**
 * The data host's gate for the test users, as at sites whose data nodes refuse a shell: only a
 * command line that starts with rsync (an rsync over ssh runs `rsync --server ...`) or tmux,
 * with nothing that would chain another command, runs; anything else is refused.
 */
export const DATA_HOST_GATE = String.raw`#!/bin/sh
cmd=${'$'}{SSH_ORIGINAL_COMMAND:-}
case $cmd in
  *[\;\&\|\`\$\<\>\(\)]* | *'
'*) ;;
  rsync | tmux | 'rsync '* | 'tmux '*) exec /bin/sh -c "$cmd" ;;
esac
echo "this data host runs only rsync and tmux, not: ${'$'}{cmd:-a login shell}" >&2
exit 1
`;

/** sshd on the data host: the usual config, with these users' commands sent through the gate. */
export function dataSshdConfig(base: string, users: readonly string[], gate: string): string {
  return `${base}Match User ${users.join(',')}\n    ForceCommand ${gate}\n`;
}

/** Ends the data host's line in the system known_hosts, so it is replaced, never doubled. */
const KNOWN_HOSTS_MARK = 'slurmdeck-dev-data-host';
export const SYSTEM_KNOWN_HOSTS = '/etc/ssh/ssh_known_hosts';

/**
 * What a copy that runs on a login host and writes through the data host needs, as a site
 * gives its users: the data host's key in the login hosts' system known_hosts (the hosts share
 * this machine's /etc/ssh), and for each test user a key of their own in their home (shared by
 * every host), accepted by the cluster's sshd. Idempotent and kept out of the config
 * fingerprint, so a cluster that is up gets it without being rebuilt.
 */
export async function ensureDataHostHop(
  layout: ClusterLayout,
  knownHostsFile = SYSTEM_KNOWN_HOSTS,
): Promise<void> {
  const keyFile = join(layout.data.dir, 'ssh_host_ed25519_key.pub');
  // A cluster from before the data host: `up` rebuilds it (its fingerprint differs).
  if (!existsSync(keyFile)) return;
  const hostKey = readFileSync(keyFile, 'utf8');
  const [type, body] = hostKey.trim().split(/\s+/);
  const line = `${layout.data.address},${layout.data.name} ${type} ${body} ${KNOWN_HOSTS_MARK}`;
  const kept = existsSync(knownHostsFile)
    ? readFileSync(knownHostsFile, 'utf8')
        .split('\n')
        .filter((l) => l && !l.endsWith(` ${KNOWN_HOSTS_MARK}`))
    : [];
  writeFileSync(knownHostsFile, `${[...kept, line].join('\n')}\n`, { mode: 0o644 });

  const authorized = sharedPaths(layout.root).authorizedKeysDir;
  for (const user of testUsers(layout)) {
    const home = (
      await run(['sh', '-c', 'getent passwd "$1" | cut -d: -f6', 'sh', user.name])
    ).stdout.trim();
    const key = join(home, '.ssh', 'id_ed25519');
    if (!existsSync(key)) {
      await run(['runuser', '-u', user.name, '--', 'mkdir', '-p', '-m', '700', join(home, '.ssh')]);
      await run([
        'runuser',
        '-u',
        user.name,
        '--',
        'ssh-keygen',
        '-q',
        '-t',
        'ed25519',
        '-N',
        '',
        '-C',
        `${user.name}@dev-cluster`,
        '-f',
        key,
      ]);
    }
    const pub = readFileSync(`${key}.pub`, 'utf8').trim();
    const file = join(authorized, user.name);
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    if (!lines.includes(pub))
      writeFileSync(file, `${[...lines, pub].join('\n')}\n`, { mode: 0o644 });
  }
}
