import { devSsh } from './dev-ssh.js';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sshdConfig } from './config-files.js';
import { startSshd } from './daemons.js';
import { cmdline } from './host-namespace.js';
import { sharedPaths, type ClusterLayout } from './layout.js';
import { run, waitFor } from './sh.js';
import type { ClusterState } from './state.js';

/**
 * Root ssh to the controller, for `slurmdeck admin` (its slurm.conf and munge key checksums,
 * credentials to decode on the nodes): sshd on ctl with its host key in known_hosts. The
 * compute hosts already run sshd and accept root with the dev key. Idempotent, and kept out of
 * the config fingerprint, so a cluster that is up gets it without being rebuilt.
 */
export async function ensureControllerSsh(
  layout: ClusterLayout,
  state: ClusterState,
): Promise<void> {
  const ctl = layout.controller;
  const record = state.hosts.find((h) => h.name === ctl.name);
  if (!record) return;
  const hostKey = join(ctl.dir, 'ssh_host_ed25519_key');
  if (!existsSync(hostKey)) {
    await run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', ctl.name, '-f', hostKey]);
  }
  writeFileSync(join(ctl.dir, 'sshd_config'), sshdConfig(layout, ctl));
  const known = sharedPaths(layout.root).knownHosts;
  const lines = existsSync(known) ? readFileSync(known, 'utf8').split('\n') : [];
  if (!lines.some((line) => line.startsWith(`${ctl.address},`))) {
    const [type, body] = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
    appendFileSync(known, `${ctl.address},${ctl.name} ${type} ${body}\n`);
  }
  // Not one of the cluster's recorded daemons (status and health stay as they were): `down`
  // stops it with everything else in the host's namespace, and `up` starts it again if gone.
  if (sshdRunning(join(ctl.dir, 'sshd.pid'))) return;
  const log = join(ctl.dir, 'daemon-logs', 'sshd.log');
  startSshd(ctl, record.holderPid);
  await waitFor(
    'sshd on the controller',
    async () => (await rootSshCheck(layout, ctl.address)).exitCode === 0,
    30_000,
    `See ${log}.`,
  );
}

function sshdRunning(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && cmdline(pid).includes('sshd');
}

/** What `slurmdeck admin` needs in the config of the dev cluster: root with the dev key. */
export function adminAccessInfo(layout: ClusterLayout) {
  const paths = sharedPaths(layout.root);
  const asRoot = {
    user: 'root',
    identityFile: paths.userKey,
    knownHostsFile: paths.knownHosts,
  };
  // The hosts have no init system: daemons are started through our own CLI, run on the host.
  const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
  return {
    controller: { host: layout.controller.address, port: 22, ...asRoot },
    nodes: asRoot,
    serviceCommand: [process.execPath, bin, 'dev-cluster', 'service', '--root', layout.root],
  };
}

export function rootSshCheck(layout: ClusterLayout, address: string) {
  return devSsh(layout, `root@${address}`, 'true');
}
