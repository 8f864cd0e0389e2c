import { readFileSync, writeFileSync } from 'node:fs';
import { SlurmdeckError } from '../core/errors.js';
import { expandHostlist } from '../admin/targets/hostlist-expand.js';
import { createBareHost, removeBareHost } from './bare-host.js';
import { startConfiglessHost, waitIdle } from './configless-host.js';
import { computePlan, currentLayout, MAX_NODES, type ClusterLayout } from './layout.js';
import { withDevLock } from './lock.js';
import { clusterHostsFile } from './site-hosts.js';
import { applySlurmConf } from './slurm-conf-apply.js';
import { sitePaths } from './site-paths.js';
import { readState, writeState, type ClusterState } from './state.js';

export interface NodeChange {
  name: string;
  changed: boolean;
}

function upState(root: string): ClusterState {
  const state = readState(root);
  if (!state?.ready) {
    throw new SlurmdeckError('DEV_CLUSTER', 'the dev cluster is not up', {
      hint: 'Run `slurmdeck dev-cluster up` first.',
    });
  }
  return state;
}

/** n{nodes+1}..n16: the names `up` left free. */
function addableIndex(state: ClusterState, name: string): number {
  const index = /^n([1-9][0-9]?)$/.test(name) ? Number(name.slice(1)) : NaN;
  const first = state.nodes + 1;
  if (index >= 1 && index <= state.nodes) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `${name} is one of the hosts \`up\` made`, {
      hint: `Only hosts added with \`node add\` can be added or removed: n${first}..n${MAX_NODES}.`,
    });
  }
  if (!(index > state.nodes && index <= MAX_NODES)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `"${name}" is not a host name node add takes`, {
      hint:
        first > MAX_NODES
          ? `The cluster already has all ${MAX_NODES} compute hosts.`
          : `Give one of n${first}..n${MAX_NODES}.`,
    });
  }
  return index;
}

/** Every name of the hostlists (`n4 n5`, `n[4-16]`), each checked before anything changes. */
function addableNames(state: ClusterState, specs: readonly string[]): string[] {
  const names = [...new Set(specs.flatMap((spec) => expandHostlist(spec)))];
  if (names.length === 0) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'no host named', {
      hint: `Give names or a hostlist of n${state.nodes + 1}..n${MAX_NODES}, e.g. n[4-6].`,
    });
  }
  const index = new Map(names.map((name) => [name, addableIndex(state, name)]));
  return names.sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0));
}

/**
 * `dev-cluster node add NAME...`: bare compute hosts (namespaces, address, sshd with root
 * access from the controller, no munge key, no Slurm config, no daemons) that slurm.conf names,
 * in a partition of their own, for `admin init` to bring into the cluster; one slurmctld restart
 * for all of them. With `configless`, each is then a configless compute host (see
 * startConfiglessHost). A host added already is left as it is. The cluster's fingerprint stays
 * as `up` made it: no rebuild follows.
 */
export function addNodes(
  root: string,
  specs: readonly string[],
  options: { configless?: boolean } = {},
): Promise<NodeChange[]> {
  return withDevLock(root, async () => {
    const state = upState(root);
    const names = addableNames(state, specs);
    const fresh = names.filter((name) => !state.added?.includes(name));
    if (fresh.length > 0) {
      const byIndex = (name: string) => Number(name.slice(1));
      state.added = [...(state.added ?? []), ...fresh].sort((a, b) => byIndex(a) - byIndex(b));
      const layout = currentLayout(root, state);
      writeHostsFile(layout);
      for (const name of fresh) {
        await createBareHost(layout, computePlan(root, byIndex(name)), (record) => {
          state.hosts = [...state.hosts.filter((h) => h.name !== name), record];
          writeState(root, state);
        });
      }
      await applySlurmConf(root, state);
      if (options.configless) await startConfigless(layout, state, fresh);
    }
    return names.map((name) => ({ name, changed: fresh.includes(name) }));
  });
}

/**
 * `dev-cluster node remove NAME...`: the added hosts out of slurm.conf (one slurmctld restart)
 * and torn down, leaving the cluster as `up` made it once the last one is gone. A host that is
 * not there is left out.
 */
export function removeNodes(root: string, specs: readonly string[]): Promise<NodeChange[]> {
  return withDevLock(root, async () => {
    const state = upState(root);
    const names = addableNames(state, specs);
    const gone = names.filter((name) => state.added?.includes(name));
    if (gone.length > 0) {
      state.added = (state.added ?? []).filter((n) => !gone.includes(n));
      if (state.added.length === 0) delete state.added;
      const layout = currentLayout(root, state);
      for (const name of gone) {
        await removeBareHost(layout, computePlan(root, Number(name.slice(1))));
        state.hosts = state.hosts.filter((h) => h.name !== name);
        writeState(root, state);
      }
      writeHostsFile(layout);
      await applySlurmConf(root, state);
    }
    return names.map((name) => ({ name, changed: gone.includes(name) }));
  });
}

async function startConfigless(
  layout: ClusterLayout,
  state: ClusterState,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    const record = state.hosts.find((h) => h.name === name);
    const plan = layout.computes.find((c) => c.name === name);
    if (!record || !plan) continue;
    await startConfiglessHost(layout, plan, record);
    writeState(layout.root, state);
  }
  const ctl = state.hosts.find((h) => h.name === 'ctl');
  if (ctl) await waitIdle(layout, ctl.holderPid, names);
}

/** The hosts file every host binds: one inode, rewritten in place so each host sees the change. */
function writeHostsFile(layout: ClusterLayout): void {
  writeFileSync(
    sitePaths(layout.root).hosts,
    clusterHostsFile(layout, readFileSync('/etc/hosts', 'utf8')),
  );
}
