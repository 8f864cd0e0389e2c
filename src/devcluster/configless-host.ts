import { chmodSync, chownSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMunged, startSlurmd } from './daemons.js';
import { inHost } from './host-namespace.js';
import { sharedPaths, type ClusterLayout, type HostPlan } from './layout.js';
import { ids } from './prepare.js';
import { run, waitFor } from './sh.js';
import type { HostRecord } from './state.js';

/** Where a configless slurmd of the dev cluster fetches its config. */
export const confServerOf = (layout: ClusterLayout) => `${layout.controller.address}:6817`;

/**
 * A bare host made a compute host of a configless cluster, as `admin init` with
 * `admin.configless` leaves one: the cluster's munge key, munged, and slurmd with
 * `--conf-server`; no slurm.conf, gres.conf or cgroup.conf on it. slurmctld must know it already.
 */
export async function startConfiglessHost(
  layout: ClusterLayout,
  host: HostPlan,
  record: HostRecord,
): Promise<void> {
  const munge = await ids('munge');
  const key = join(host.dir, 'etc-munge', 'munge.key');
  writeFileSync(key, readFileSync(sharedPaths(layout.root).mungeKey), { mode: 0o400 });
  chmodSync(key, 0o400);
  chownSync(key, munge.uid, munge.gid);
  record.daemons.push(await startMunged(host, record.holderPid));
  record.daemons.push(startSlurmd(host, record.holderPid, confServerOf(layout)));
}

/** Waits until slurmctld has every one of the hosts registered and idle. */
export async function waitIdle(
  layout: ClusterLayout,
  ctlHolder: number,
  names: readonly string[],
): Promise<void> {
  await waitFor(
    `${names.join(',')} idle`,
    async () => {
      const sinfo = await run(
        inHost(ctlHolder, ['sinfo', '-h', '-N', '-n', names.join(','), '-o', '%N %t']),
        { allowFailure: true },
      );
      const idle = new Set(
        sinfo.stdout
          .split('\n')
          .filter((line) => line.endsWith(' idle'))
          .map((line) => line.split(' ')[0]),
      );
      return names.every((name) => idle.has(name));
    },
    60_000,
    `See ${join(layout.root, 'hosts', names[0] ?? '', 'log', 'slurmd.log')}.`,
  );
}
