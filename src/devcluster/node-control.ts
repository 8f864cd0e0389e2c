import { SlurmdeckError } from '../core/errors.js';
import { startSlurmctld, startSlurmd } from './daemons.js';
import { daemonAlive } from './health.js';
import { currentLayout, planCluster } from './layout.js';
import { withDevLock } from './lock.js';
import { pidsInNetns } from './network.js';
import { isAlive, sleep } from './sh.js';
import { readState, writeState, type ClusterState, type HostRecord } from './state.js';

function computeHost(state: ClusterState | undefined, name: string): HostRecord {
  const host = state?.hosts.find((h) => h.name === name && h.name.startsWith('n'));
  if (!state || !host) {
    const names = state?.hosts.filter((h) => h.name.startsWith('n')).map((h) => h.name) ?? [];
    throw new SlurmdeckError('INVALID_ARGUMENT', `no compute host "${name}" in the dev cluster`, {
      hint: names.length
        ? `Compute hosts: ${names.join(', ')}.`
        : 'Run `slurmdeck dev-cluster up` first.',
    });
  }
  return host;
}

/**
 * Crashes a compute host's Slurm side: slurmd and every job process on it die at once, as when
 * a node fails. munged and sshd stay up, so the host is still there to be repaired. Like every
 * change to the cluster, it holds the dev root's lock, so it never overlaps an `up` or a `down`.
 */
export function stopNode(root: string, name: string): Promise<number> {
  return withDevLock(root, () => stopNodeLocked(root, name));
}

async function stopNodeLocked(root: string, name: string): Promise<number> {
  const state = readState(root);
  const host = computeHost(state, name);
  const keep = new Set([
    host.holderPid,
    ...host.daemons.filter((d) => d.name !== 'slurmd').map((d) => d.pid),
  ]);
  const layout = currentLayout(root, state);
  const plan = layout.computes.find((c) => c.name === name);
  const victims = plan ? (await pidsInNetns(plan.netns)).filter((pid) => !keep.has(pid)) : [];
  for (const pid of victims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const daemon of host.daemons) if (daemon.name === 'slurmd') daemon.stopped = true;
  writeState(root, state as ClusterState);
  return victims.length;
}

/** Starts the host's slurmd again; Slurm returns the node to service when it registers. */
export function startNode(root: string, name: string): Promise<void> {
  return withDevLock(root, async () => startNodeLocked(root, name));
}

function startNodeLocked(root: string, name: string): void {
  const state = readState(root);
  const host = computeHost(state, name);
  const plan = currentLayout(root, state).computes.find((c) => c.name === name);
  const slurmd = host.daemons.find((d) => d.name === 'slurmd');
  if (!plan || !slurmd) return;
  if (!slurmd.stopped && daemonAlive(slurmd)) return;
  const started = startSlurmd(plan, host.holderPid, slurmd.confServer);
  host.daemons = host.daemons.map((d) => (d.name === 'slurmd' ? started : d));
  writeState(root, state as ClusterState);
}

/**
 * Stops slurmctld the way an admin restart does (SIGTERM, state saved), then starts it again.
 * The record says `stopped` meanwhile, and the lock is held throughout, so an `up` from another
 * process waits for the controller instead of taking the gap for a broken cluster.
 */
export function restartController(root: string, downForMs = 0): Promise<void> {
  return withDevLock(root, () => restartControllerLocked(root, downForMs));
}

/** restartController for a caller that holds the lock already (`node add`, `node remove`). */
export async function restartControllerLocked(root: string, downForMs: number): Promise<void> {
  const state = readState(root);
  const ctl = state?.hosts.find((h) => h.name === 'ctl');
  const daemon = ctl?.daemons.find((d) => d.name === 'slurmctld');
  if (!state || !ctl || !daemon) {
    throw new SlurmdeckError('DEV_CLUSTER', 'the dev cluster is not up', {
      hint: 'Run `slurmdeck dev-cluster up` first.',
    });
  }
  daemon.stopped = true;
  writeState(root, state);
  if (daemonAlive(daemon)) process.kill(daemon.pid, 'SIGTERM');
  for (let i = 0; i < 100 && isAlive(daemon.pid); i++) await sleep(100);
  await sleep(downForMs);
  await startController(root, state);
}

/**
 * Starts slurmctld in the recorded controller host and records it; for a restart, and for `up`
 * finding a restart that was cut short (slurmctld still marked stopped).
 */
export async function startController(root: string, state: ClusterState): Promise<void> {
  const ctl = state.hosts.find((h) => h.name === 'ctl');
  if (!ctl) return;
  const plan = planCluster(root, state.nodes).controller;
  const started = await startSlurmctld(plan, ctl.holderPid);
  ctl.daemons = ctl.daemons.map((d) => (d.name === 'slurmctld' ? started : d));
  writeState(root, state);
}
