import { devSsh } from './dev-ssh.js';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DATA_HOST_GATE, dataSshdConfig } from './data-host.js';
import { startSshd } from './daemons.js';
import { inHost } from './host-namespace.js';
import { slurmConf, sshdConfig } from './config-files.js';
import { allHosts, testUsers, type ClusterLayout, type HostPlan } from './layout.js';
import { run, startDetached, waitFor } from './sh.js';
import { devSiteProfileYaml } from './site-profile.js';
import { mergerfsArgv, ownTmp, siteMountScript, siteStorageHosts } from './site-mounts.js';
import {
  COLD_POOLS,
  EAST_MOUNT,
  LAB_LIMITS,
  SLURM_COMMANDS,
  SLURM_MODULE,
  sitePaths,
  slurmModuleFile,
  UNION_MOUNT,
} from './site-paths.js';
import type { DaemonRecord } from './state.js';

/**
 * Files of the site-shaped part, written before the hosts start: the cold pools' filesystems
 * (mounted here first, so every host's mount namespace starts with them), the Slurm module,
 * the data host's gate and sshd config, and the site profile.
 */
export async function prepareSite(layout: ClusterLayout): Promise<void> {
  const paths = sitePaths(layout.root);
  mkdirSync(paths.dir, { recursive: true });
  for (const pool of COLD_POOLS) {
    const dir = paths.cold(pool.name);
    mkdirSync(dir, { recursive: true });
    const mounted = await run(['mountpoint', '-q', dir], { allowFailure: true });
    if (mounted.exitCode !== 0) {
      await run(['mount', '-t', 'tmpfs', '-o', `size=${pool.size},mode=1777`, pool.name, dir]);
    }
    // Mount points on the machine's filesystem, left empty outside the cluster's hosts.
    mkdirSync(pool.mount, { recursive: true });
  }
  mkdirSync(UNION_MOUNT, { recursive: true });
  mkdirSync(EAST_MOUNT, { recursive: true });
  mkdirSync(paths.east, { recursive: true });
  chmodSync(paths.east, 0o1777);

  rmSync(paths.slurmBin, { recursive: true, force: true });
  mkdirSync(paths.slurmBin, { recursive: true });
  for (const command of SLURM_COMMANDS) {
    const copy = join(paths.slurmBin, command);
    copyFileSync(join('/usr/bin', command), copy);
    chmodSync(copy, 0o755);
  }
  mkdirSync(dirname(paths.slurmConf), { recursive: true });
  writeFileSync(paths.slurmConf, slurmConf(layout));
  mkdirSync(paths.emptyEtcSlurm, { recursive: true });
  mkdirSync(paths.modulefiles, { recursive: true });
  writeFileSync(join(paths.modulefiles, `${SLURM_MODULE}.lua`), slurmModuleFile(layout.root));
  rmSync(paths.hiddenSlurm, { recursive: true, force: true });
  mkdirSync(paths.hiddenSlurm, { recursive: true });
  // An overlay reads a 0/0 character device in an upper layer as "this name does not exist".
  for (const command of SLURM_COMMANDS) {
    await run(['mknod', join(paths.hiddenSlurm, command), 'c', '0', '0']);
  }

  writeFileSync(paths.dataGate, DATA_HOST_GATE, { mode: 0o755 });
  chmodSync(paths.dataGate, 0o755);
  const users = testUsers(layout).map((u) => u.name);
  const sshd = dataSshdConfig(sshdConfig(layout, layout.data), users, paths.dataGate);
  writeFileSync(join(layout.data.dir, 'sshd_config'), sshd);
  writeFileSync(paths.profile, devSiteProfileYaml(layout));
  writeFileSync(paths.hosts, clusterHostsFile(layout, readFileSync('/etc/hosts', 'utf8')));
}

/** The machine's /etc/hosts, then every host of the cluster by name. */
export function clusterHostsFile(layout: ClusterLayout, machineHosts: string): string {
  const own = allHosts(layout).map((h) => `${h.address} ${h.name}`);
  return `${machineHosts.replace(/\n?$/, '\n')}# the slurmdeck dev cluster\n${own.join('\n')}\n`;
}

/**
 * Gives a host an /etc/hosts that names every host of the cluster, before its munged starts:
 * munged then vouches for the host's own address, and slurmctld reads the name back from it,
 * which is what partitions' AllocNodes are matched against.
 */
export async function bindHostsFile(layout: ClusterLayout, holderPid: number): Promise<void> {
  const file = sitePaths(layout.root).hosts;
  await run(inHost(holderPid, ['mount', '--bind', file, '/etc/hosts']));
}

/**
 * The test account's limits, mounts, the merged view (mergerfs) and sshd on the site's hosts;
 * waits until the test user reaches Slurm on the second login host through the module, and
 * tmux on the data host.
 */
export async function startSiteHosts(
  layout: ClusterLayout,
  holder: (host: HostPlan) => number,
): Promise<Array<[HostPlan, DaemonRecord]>> {
  const started: Array<[HostPlan, DaemonRecord]> = [];
  await run(
    inHost(holder(layout.controller), [
      'sacctmgr',
      '-i',
      'modify',
      'account',
      LAB_LIMITS.account,
      'set',
      `GrpTRESMins=${LAB_LIMITS.grpTresMins}`,
    ]),
  );
  for (const host of [layout.login2, layout.data]) {
    mkdirSync(ownTmp(host), { recursive: true });
    chmodSync(ownTmp(host), 0o1777);
  }
  for (const host of siteStorageHosts(layout)) {
    await run(inHost(holder(host), ['sh', '-c', siteMountScript(layout, host)]));
    started.push([host, startMergerfs(host, holder(host))]);
  }
  started.push([layout.login2, startSshd(layout.login2, holder(layout.login2))]);
  started.push([layout.data, startSshd(layout.data, holder(layout.data))]);
  await waitFor(
    'Slurm through `module load slurm` on the second login host',
    async () =>
      (await sshAs(layout, layout.login2, `. /etc/profile; module load ${SLURM_MODULE}; sinfo -h`))
        .exitCode === 0,
    30_000,
    `See ${layout.login2.dir}/daemon-logs/sshd.log.`,
  );
  await waitFor(
    'tmux on the data host',
    async () => (await sshAs(layout, layout.data, 'tmux -V')).exitCode === 0,
    30_000,
    `See ${layout.data.dir}/daemon-logs/sshd.log.`,
  );
  return started;
}

function startMergerfs(host: HostPlan, holder: number): DaemonRecord {
  const log = join(host.dir, 'daemon-logs', 'mergerfs.log');
  return { name: 'mergerfs', pid: startDetached(inHost(holder, mergerfsArgv(host)), log), log };
}

/** The test user runs one command on a host with the dev key, host key checked. */
export function sshAs(layout: ClusterLayout, host: HostPlan, command: string) {
  return devSsh(layout, `${layout.testUser}@${host.address}`, command);
}

/** `down` takes the cold pools' filesystems away with the hosts. */
export async function unmountColdPools(root: string): Promise<void> {
  for (const pool of COLD_POOLS) {
    const dir = sitePaths(root).cold(pool.name);
    if ((await run(['mountpoint', '-q', dir], { allowFailure: true })).exitCode === 0) {
      await run(['umount', dir], { allowFailure: true });
    }
  }
}
