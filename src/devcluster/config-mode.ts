import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { confServerOf, waitIdle } from './configless-host.js';
import { startSlurmd } from './daemons.js';
import { daemonAlive } from './health.js';
import type { ClusterLayout, HostPlan } from './layout.js';
import { isAlive, sleep } from './sh.js';
import { writeState, type ClusterState } from './state.js';

/** What slurmd reads from /etc/slurm; a configless slurmd fetches these from slurmctld. */
const SLURMD_FILES = ['slurm.conf', 'gres.conf', 'cgroup.conf'];

/** Whether the compute host runs configless: its slurmd was given `--conf-server`. */
export function runsConfigless(state: ClusterState, name: string): boolean {
  const record = state.hosts.find((h) => h.name === name);
  return record?.daemons.find((d) => d.name === 'slurmd')?.confServer !== undefined;
}

/**
 * The compute hosts `up` made, each switched to the mode asked for, without a rebuild:
 * configless, their slurm.conf, gres.conf and cgroup.conf removed and slurmd started with
 * `--conf-server`; otherwise the controller's files copied back (they hold any host `node add`
 * joined) and slurmd started without it. Hosts `node add` joined keep their own mode. Returns
 * the hosts switched, once slurmctld has them idle again.
 */
export async function applyConfigMode(
  layout: ClusterLayout,
  state: ClusterState,
  configless: boolean,
): Promise<string[]> {
  const ctl = state.hosts.find((h) => h.name === layout.controller.name);
  const switched: string[] = [];
  for (const host of layout.computes) {
    if (state.added?.includes(host.name) || runsConfigless(state, host.name) === configless)
      continue;
    const record = state.hosts.find((h) => h.name === host.name);
    if (!record) continue;
    await stopSlurmd(record.daemons.find((d) => d.name === 'slurmd'));
    setSlurmdFiles(layout, host, configless);
    const slurmd = startSlurmd(
      host,
      record.holderPid,
      configless ? confServerOf(layout) : undefined,
    );
    record.daemons = [...record.daemons.filter((d) => d.name !== 'slurmd'), slurmd];
    writeState(layout.root, state);
    switched.push(host.name);
  }
  if (switched.length > 0 && ctl) await waitIdle(layout, ctl.holderPid, switched);
  return switched;
}

/** Removes a compute host's Slurm files (configless), or puts the controller's back. */
export function setSlurmdFiles(layout: ClusterLayout, host: HostPlan, configless: boolean): void {
  const from = join(layout.controller.dir, 'etc-slurm');
  const to = join(host.dir, 'etc-slurm');
  for (const name of SLURMD_FILES) {
    if (configless) rmSync(join(to, name), { force: true });
    else if (existsSync(join(from, name))) copyFileSync(join(from, name), join(to, name));
  }
  // A slurmd started without --conf-server must read the files above, not what it fetched before.
  if (!configless)
    rmSync(join(host.dir, 'spool-slurmd', 'conf-cache'), { recursive: true, force: true });
}

async function stopSlurmd(record: { pid: number; name: string; log: string } | undefined) {
  if (!record || !daemonAlive(record)) return;
  process.kill(record.pid, 'SIGTERM');
  for (let i = 0; i < 100 && isAlive(record.pid); i++) await sleep(100);
  if (isAlive(record.pid)) process.kill(record.pid, 'SIGKILL');
}
