import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SlurmdeckError } from '../core/errors.js';
import { withAddedNodes } from './added-nodes-conf.js';
import { createBareHost, removeBareHost } from './bare-host.js';
import { slurmConf } from './config-files.js';
import { inHost } from './host-namespace.js';
import {
  allHosts,
  computePlan,
  currentLayout,
  MAX_NODES,
  planCluster,
  sharedPaths,
  type ClusterLayout,
} from './layout.js';
import { withDevLock } from './lock.js';
import { restartControllerLocked } from './node-control.js';
import { run, waitFor } from './sh.js';
import { clusterHostsFile } from './site-hosts.js';
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

/**
 * `dev-cluster node add NAME`: a bare compute host (namespaces, address, sshd with root access
 * from the controller, no munge key, no Slurm config, no daemons) that slurm.conf names, in a
 * partition of its own, for `admin init` to bring into the cluster. Adding it again changes
 * nothing. The cluster's fingerprint stays as `up` made it: no rebuild follows.
 */
export function addNode(root: string, name: string): Promise<NodeChange> {
  return withDevLock(root, async () => {
    const state = upState(root);
    const index = addableIndex(state, name);
    if (state.added?.includes(name)) return { name, changed: false };
    const host = computePlan(root, index);
    state.added = [...(state.added ?? []), name];
    const layout = currentLayout(root, state);
    writeHostsFile(layout);
    await createBareHost(layout, host, (record) => {
      state.hosts = [...state.hosts.filter((h) => h.name !== name), record];
      writeState(root, state);
    });
    await applySlurmConf(root, state);
    return { name, changed: true };
  });
}

/**
 * `dev-cluster node remove NAME`: the added host out of slurm.conf and torn down, leaving the
 * cluster as `up` made it once the last one is gone. Removing one that is not there changes
 * nothing.
 */
export function removeNode(root: string, name: string): Promise<NodeChange> {
  return withDevLock(root, async () => {
    const state = upState(root);
    const index = addableIndex(state, name);
    if (!state.added?.includes(name)) return { name, changed: false };
    const host = computePlan(root, index);
    state.added = state.added.filter((n) => n !== name);
    if (state.added.length === 0) delete state.added;
    const layout = currentLayout(root, state);
    await removeBareHost(layout, host);
    state.hosts = state.hosts.filter((h) => h.name !== name);
    writeState(root, state);
    writeHostsFile(layout);
    await applySlurmConf(root, state);
    return { name, changed: true };
  });
}

/** The hosts file every host binds: one inode, rewritten in place so each host sees the change. */
function writeHostsFile(layout: ClusterLayout): void {
  writeFileSync(
    sitePaths(layout.root).hosts,
    clusterHostsFile(layout, readFileSync('/etc/hosts', 'utf8')),
  );
}

/**
 * slurm.conf with the added hosts wherever `up` wrote it, then slurmctld restarted (22.05
 * learns new nodes only at start) and every slurmd told to read it again.
 */
async function applySlurmConf(root: string, state: ClusterState): Promise<void> {
  const base = planCluster(root, state.nodes);
  const added = currentLayout(root, state).computes.slice(base.computes.length);
  const paths = sharedPaths(root);
  const clientSocket = join(paths.clientMungeDir, 'munge.socket.2');
  const targets: Array<[file: string, conf: string]> = [
    ...allHosts(base).map((h): [string, string] => [
      join(h.dir, 'etc-slurm', 'slurm.conf'),
      slurmConf(base),
    ]),
    [sitePaths(root).slurmConf, slurmConf(base)],
    [paths.clientConf, slurmConf(base, clientSocket)],
  ];
  for (const [file, conf] of targets) {
    if (existsSync(file)) replaceFile(file, withAddedNodes(conf, added));
  }
  await restartControllerLocked(root, 0);
  const ctl = state.hosts.find((h) => h.name === 'ctl');
  if (!ctl) return;
  await run(inHost(ctl.holderPid, ['scontrol', 'reconfigure']));
  const wanted = new Set([...base.computes, ...added].map((c) => c.name));
  await waitFor(
    'slurmctld to know the nodes slurm.conf names',
    async () => {
      const sinfo = await run(inHost(ctl.holderPid, ['sinfo', '-h', '-N', '-o', '%N']), {
        allowFailure: true,
      });
      const known = new Set(sinfo.stdout.split('\n').filter(Boolean));
      return known.size === wanted.size && [...wanted].every((n) => known.has(n));
    },
    30_000,
    `See ${join(base.controller.dir, 'log', 'slurmctld.log')}.`,
  );
}

function replaceFile(file: string, content: string): void {
  writeFileSync(`${file}.tmp`, content, { mode: 0o644 });
  renameSync(`${file}.tmp`, file);
}
