import { cmdline, inHost } from './host-namespace.js';
import { run } from './sh.js';
import type { ClusterState, DaemonRecord } from './state.js';

/** A pid alone can be reused after a crash: also check it still runs the daemon we started. */
export function daemonAlive(record: DaemonRecord): boolean {
  const line = cmdline(record.pid);
  return line !== '' && line.includes(record.name === 'mariadbd' ? 'mariadbd' : record.name);
}

export function holderAlive(pid: number): boolean {
  return cmdline(pid).startsWith('sleep');
}

export interface HostHealth {
  name: string;
  address: string;
  up: boolean;
  daemons: Array<{ name: string; pid: number; alive: boolean; stopped: boolean }>;
}

export function hostHealth(state: ClusterState): HostHealth[] {
  return state.hosts.map((host) => {
    const daemons = host.daemons.map((d) => ({
      name: d.name,
      pid: d.pid,
      alive: daemonAlive(d),
      stopped: d.stopped === true,
    }));
    return {
      name: host.name,
      address: host.address,
      // A daemon stopped on purpose does not make the host broken.
      up: holderAlive(host.holderPid) && daemons.every((d) => d.alive || d.stopped),
      daemons,
    };
  });
}

export type HealthVerdict =
  | { healthy: true }
  | {
      healthy: false;
      reason: string;
      /**
       * Nothing can bring it back: `up` cut short, or a host gone with its namespaces. Else it
       * may be passing (a daemon being restarted, the controller slow to answer).
       */
      lasting: boolean;
    };

/** Every host there, every daemon alive or stopped on purpose, and the controller answering. */
export async function clusterHealth(state: ClusterState): Promise<HealthVerdict> {
  const sick = (reason: string, lasting: boolean): HealthVerdict => ({
    healthy: false,
    reason,
    lasting,
  });
  if (!state.ready) return sick('an earlier `up` did not finish', true);
  const gone = state.hosts.find((h) => !holderAlive(h.holderPid));
  if (gone) return sick(`host ${gone.name} is gone`, true);
  for (const host of hostHealth(state)) {
    const dead = host.daemons.find((d) => !d.alive && !d.stopped);
    if (dead) return sick(`${dead.name} on ${host.name} is not running`, false);
  }
  if (state.clientMunged && !daemonAlive(state.clientMunged)) {
    return sick('the client munged is not running', false);
  }
  const ctl = state.hosts.find((h) => h.name === 'ctl');
  if (!ctl) return sick('there is no controller host', true);
  if (ctl.daemons.some((d) => d.name === 'slurmctld' && d.stopped)) {
    return sick('slurmctld is stopped for a restart', false);
  }
  const ping = await run(inHost(ctl.holderPid, ['scontrol', 'ping']), {
    allowFailure: true,
    timeoutMs: 30_000,
  });
  return / is UP/.test(ping.stdout) ? { healthy: true } : sick('slurmctld does not answer', false);
}

export async function clusterHealthy(state: ClusterState): Promise<boolean> {
  return (await clusterHealth(state)).healthy;
}
