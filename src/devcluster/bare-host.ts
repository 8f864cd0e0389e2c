import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootSshCheck } from './admin-ssh.js';
import { sshdConfig } from './config-files.js';
import { startSshd } from './daemons.js';
import { killAll } from './down.js';
import { startHostHolder } from './host-namespace.js';
import { sharedPaths, type ClusterLayout, type HostPlan } from './layout.js';
import { createHostNetwork, forgetAddress, pidsInNetns } from './network.js';
import { dirOwned, ids, newKey } from './prepare.js';
import { run, waitFor } from './sh.js';
import { bindHostsFile } from './site-hosts.js';
import type { HostRecord } from './state.js';

/**
 * The empty folders a freshly installed node has where its own files will go (the munge and
 * Slurm packages make them): no key, no Slurm config, nothing running yet.
 */
async function bareFolders(host: HostPlan): Promise<void> {
  const own = (name: string) => join(host.dir, name);
  rmSync(host.dir, { recursive: true, force: true });
  const munge = await ids('munge');
  const slurm = await ids('slurm');
  dirOwned(host.dir, 0o755);
  dirOwned(own('etc-slurm'), 0o755);
  dirOwned(own('etc-munge'), 0o700, munge);
  dirOwned(own('run-munge'), 0o755, munge);
  dirOwned(own('log'), 0o755, slurm);
  dirOwned(own('spool-slurmd'), 0o755);
  dirOwned(own('daemon-logs'), 0o755);
}

/** Its host key, in the cluster's known_hosts like every other host's (an older line replaced). */
async function hostKey(layout: ClusterLayout, host: HostPlan): Promise<void> {
  const key = join(host.dir, 'ssh_host_ed25519_key');
  await newKey(host.name, key);
  writeFileSync(join(host.dir, 'sshd_config'), sshdConfig(layout, host));
  const [type, body] = readFileSync(`${key}.pub`, 'utf8').trim().split(/\s+/);
  setKnownHost(layout, host, `${host.address},${host.name} ${type} ${body}`);
}

function setKnownHost(layout: ClusterLayout, host: HostPlan, line?: string): void {
  const file = sharedPaths(layout.root).knownHosts;
  const kept = (existsSync(file) ? readFileSync(file, 'utf8') : '')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(`${host.address},`));
  writeFileSync(file, `${[...kept, ...(line ? [line] : [])].join('\n')}\n`);
}

/**
 * A compute host with its namespaces, address, /etc/hosts and sshd (root with the dev key, as on
 * the others), and nothing of munge or Slurm. `recordHolder` is called as soon as the host
 * exists, so a `down` finds it even if a later step fails.
 */
export async function createBareHost(
  layout: ClusterLayout,
  host: HostPlan,
  recordHolder: (record: HostRecord) => void,
): Promise<HostRecord> {
  await removeBareHost(layout, host);
  await bareFolders(host);
  await hostKey(layout, host);
  await createHostNetwork(layout, host);
  const holderPid = await startHostHolder(host, join(host.dir, 'daemon-logs', 'holder.log'));
  const record: HostRecord = { name: host.name, address: host.address, holderPid, daemons: [] };
  recordHolder(record);
  await bindHostsFile(layout, holderPid);
  record.daemons.push(startSshd(host, holderPid));
  recordHolder(record);
  await waitFor(
    `root ssh to ${host.name}`,
    async () => (await rootSshCheck(layout, host.address)).exitCode === 0,
    30_000,
    `See ${join(host.dir, 'daemon-logs', 'sshd.log')}.`,
  );
  return record;
}

/** Every process in the host, its namespace and link, its folder and known_hosts line. */
export async function removeBareHost(layout: ClusterLayout, host: HostPlan): Promise<number> {
  const pids = await pidsInNetns(host.netns);
  await killAll(pids);
  await run(['ip', 'netns', 'del', host.netns], { allowFailure: true });
  await run(['ip', 'link', 'del', host.vethHost], { allowFailure: true });
  await forgetAddress(host.address);
  rmSync(host.dir, { recursive: true, force: true });
  setKnownHost(layout, host);
  return pids.length;
}
