import { rmSync } from 'node:fs';
import { hostMounts } from './host-namespace.js';
import { daemonAlive } from './health.js';
import { allHosts, planCluster, sharedPaths, type ClusterLayout } from './layout.js';
import { leftoverNetwork, pidsInNetns, removeNetwork } from './network.js';
import { withDevLock } from './lock.js';
import { isAlive, sleep } from './sh.js';
import { unmountColdPools } from './site-hosts.js';
import { readState } from './state.js';

export async function killAll(pids: number[]): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 40 && pids.some(isAlive); i++) await sleep(100);
  signal('SIGKILL');
  for (let i = 0; i < 20 && pids.some(isAlive); i++) await sleep(100);
}

/**
 * Stops every process of the cluster, ours by record or found in our namespaces, then removes
 * the namespaces and the bridge. Works on the leftovers of a run that was killed, too. Waits for
 * any other dev-cluster command (an `up` in progress, a node stop) to finish first.
 */
export async function devClusterDown(
  root: string,
  options: { onWait?: (holder: string) => void } = {},
): Promise<{ stopped: number }> {
  return withDevLock(root, () => tearDown(root), options);
}

/** devClusterDown without the lock, for `up`, which holds it already. */
export async function tearDown(root: string): Promise<{ stopped: number }> {
  const state = readState(root);
  const layout: ClusterLayout = planCluster(root, state?.nodes ?? 0);
  const recorded = [
    ...(state?.hosts ?? []).flatMap((h) => h.daemons.filter(daemonAlive).map((d) => d.pid)),
    ...(state?.clientMunged && daemonAlive(state.clientMunged) ? [state.clientMunged.pid] : []),
  ];
  const left = await leftoverNetwork(layout);
  const inNamespaces = (await Promise.all(left.netns.map(pidsInNetns))).flat();
  const pids = [...new Set([...recorded, ...inNamespaces])];
  await killAll(pids);
  await removeNetwork(layout);
  await unmountColdPools(root);
  rmSync(sharedPaths(root).state, { force: true });
  // Stale sockets and pid files would confuse the next start.
  for (const host of allHosts(layout)) {
    for (const [, source] of hostMounts(host)) {
      if (source.endsWith('run-munge') || source.endsWith('run-mysqld')) {
        rmSync(source, { recursive: true, force: true });
      }
    }
  }
  return { stopped: pids.length };
}
