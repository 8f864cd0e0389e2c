import { hostname } from 'node:os';
import { SlurmdeckError } from '../core/errors.js';
import { restartMunged, stopMunged } from './daemon-control.js';
import { startSlurmd } from './daemons.js';
import { daemonAlive } from './health.js';
import { currentLayout } from './layout.js';
import { withDevLock } from './lock.js';
import { isAlive, sleep } from './sh.js';
import { readState, writeState } from './state.js';

export type ServiceAction = 'start' | 'stop' | 'restart';
export type ServiceDaemon = 'munged' | 'slurmd';

/**
 * What `systemctl ACTION munge|slurmd` is on a real node, for a dev-cluster host (which has no
 * init system): run over the admin's ssh on the host itself, so the cluster's records follow
 * the daemons `slurmdeck admin` restarts and the cluster stays healthy for every other test.
 * `confServer` starts slurmd configless, as a unit's SLURMD_OPTIONS would, and is kept for its
 * later restarts. Resolves with whether the daemon runs afterwards.
 */
export async function devService(
  root: string,
  action: ServiceAction,
  daemon: ServiceDaemon,
  host = hostname(),
  confServer?: string,
): Promise<boolean> {
  if (daemon === 'munged') {
    if (action === 'stop') {
      await stopMunged(root, host);
      return false;
    }
    if (action === 'start' && mungedRuns(root, host)) return true;
    return restartMunged(root, host, { waitReady: false });
  }
  return withDevLock(root, async () => {
    if (action !== 'start') await stopSlurmdLocked(root, host);
    return action === 'stop' ? false : startSlurmdLocked(root, host, confServer);
  });
}

function mungedRuns(root: string, host: string): boolean {
  const record = readState(root)
    ?.hosts.find((h) => h.name === host)
    ?.daemons.find((d) => d.name === 'munged');
  return record !== undefined && !record.stopped && daemonAlive(record);
}

function computeRecord(root: string, host: string) {
  const state = readState(root);
  const record = state?.hosts.find((h) => h.name === host);
  const plan = currentLayout(root, state).computes.find((c) => c.name === host);
  if (!state || !record || !plan) {
    throw new SlurmdeckError('DEV_CLUSTER', `no compute host "${host}" in the dev cluster`, {
      hint: 'Run it on a compute host of the dev cluster, or pass --host.',
    });
  }
  return { state, record, plan };
}

/** SIGTERM to slurmd alone (its jobs' slurmstepd keep running, as with systemctl stop). */
async function stopSlurmdLocked(root: string, host: string): Promise<void> {
  const { state, record } = computeRecord(root, host);
  const slurmd = record.daemons.find((d) => d.name === 'slurmd');
  if (!slurmd) return;
  slurmd.stopped = true;
  writeState(root, state);
  if (!daemonAlive(slurmd)) return;
  process.kill(slurmd.pid, 'SIGTERM');
  for (let i = 0; i < 100 && isAlive(slurmd.pid); i++) await sleep(100);
  if (isAlive(slurmd.pid)) process.kill(slurmd.pid, 'SIGKILL');
}

function startSlurmdLocked(root: string, host: string, confServer?: string): boolean {
  const { state, record, plan } = computeRecord(root, host);
  const slurmd = record.daemons.find((d) => d.name === 'slurmd');
  if (slurmd && !slurmd.stopped && daemonAlive(slurmd)) return true;
  const started = startSlurmd(plan, record.holderPid, confServer ?? slurmd?.confServer);
  record.daemons = [...record.daemons.filter((d) => d.name !== 'slurmd'), started];
  writeState(root, state);
  return true;
}
