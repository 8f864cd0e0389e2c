import { join } from 'node:path';
import type { ClusterLayout, HostPlan } from './layout.js';
import { COLD_POOLS, EAST_MOUNT, sitePaths, UNION_MOUNT } from './site-paths.js';

/** Shell lines that give a host its view of the site's storage and of Slurm. */
export function siteMountScript(layout: ClusterLayout, host: HostPlan): string {
  const paths = sitePaths(layout.root);
  const lines = ['set -e'];
  for (const pool of COLD_POOLS) {
    lines.push(`mount --bind '${paths.cold(pool.name)}' '${pool.mount}'`);
    // Cold storage is written from the data host only, as at the sites this copies.
    if (host.role !== 'data') lines.push(`mount -o remount,bind,ro '${pool.mount}'`);
  }
  if (host.role === 'login') lines.push(`mount --bind '${paths.modulefiles}' /etc/lmod/modules`);
  if (host === layout.login2) {
    lines.push(`mount --bind '${paths.east}' '${EAST_MOUNT}'`);
    lines.push(`mount -t overlay overlay -o 'lowerdir=${paths.hiddenSlurm}:/usr/bin' /usr/bin`);
    lines.push(`mount --bind '${paths.emptyEtcSlurm}' /etc/slurm`);
  }
  // A /tmp of their own, as separate machines have: tmux servers (sessions, copies) keep their
  // sockets there, and one started on another host must not be joined by mistake.
  if (host !== layout.login) lines.push(`mount --bind '${ownTmp(host)}' /tmp`);
  return lines.join('\n');
}

/** The hosts that see the site's storage: both login hosts and the data host. */
export const siteStorageHosts = (layout: ClusterLayout) => [
  layout.login,
  layout.login2,
  layout.data,
];

/** The site host's own /tmp (the first login host shares the machine's, as tests expect). */
export const ownTmp = (host: HostPlan) => join(host.dir, 'tmp');

/** The merged view of the cold pools on a host: read-only but on the data host. */
export function mergerfsArgv(host: HostPlan): string[] {
  // New files go to the pool with the most free space; the default floor (4 GiB) is above
  // what these small pools have.
  const options = ['allow_other', 'category.create=mfs', 'minfreespace=1M', 'fsname=union'];
  if (host.role !== 'data') options.push('ro');
  const branches = COLD_POOLS.map((p) => p.mount).join(':');
  return ['mergerfs', '-f', '-o', options.join(','), branches, UNION_MOUNT];
}
