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

/** Every process alive and the controller answering. */
export async function clusterHealthy(state: ClusterState): Promise<boolean> {
  if (!state.ready || !hostHealth(state).every((h) => h.up)) return false;
  if (state.clientMunged && !daemonAlive(state.clientMunged)) return false;
  const ctl = state.hosts.find((h) => h.name === 'ctl');
  if (!ctl) return false;
  const ping = await run(inHost(ctl.holderPid, ['scontrol', 'ping']), { allowFailure: true });
  return / is UP/.test(ping.stdout);
}
