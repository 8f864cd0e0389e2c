import { readdirSync, readFileSync } from 'node:fs';
import { SlurmdeckError } from '../core/errors.js';
import { startMunged, type MungedStart } from './daemons.js';
import { daemonAlive } from './health.js';
import { currentLayout } from './layout.js';
import { withDevLock } from './lock.js';
import { isAlive, sleep } from './sh.js';
import { readState, writeState, type DaemonRecord, type HostRecord } from './state.js';

/**
 * Stops a host's munged the way a crash or an admin would, recorded as stopped on purpose, so
 * the cluster still counts as healthy (an `up` elsewhere does not rebuild it meanwhile).
 */
export function stopMunged(root: string, hostName: string): Promise<void> {
  return withDevLock(root, async () => {
    const { state, host } = find(root, hostName);
    const record = host.daemons.find((d) => d.name === 'munged');
    if (record) {
      record.stopped = true;
      writeState(root, state);
      await kill(record);
    }
  });
}

/**
 * (Re)starts a host's munged, e.g. after its key changed, or under `faketime` for a skewed
 * clock. With `waitReady: false` a munged that refuses to start (an insecure key) is left
 * recorded as stopped, so the cluster stays healthy; resolves with whether it runs.
 */
export function restartMunged(
  root: string,
  hostName: string,
  options: MungedStart = {},
): Promise<boolean> {
  return withDevLock(root, async () => {
    const { state, host } = find(root, hostName);
    const layout = currentLayout(root, state);
    const plan = [layout.controller, layout.login, ...layout.computes].find(
      (h) => h.name === hostName,
    );
    const old = host.daemons.find((d) => d.name === 'munged');
    if (!plan) return false;
    if (old) {
      old.stopped = true;
      writeState(root, state);
      await kill(old);
    }
    const started = await startMunged(plan, host.holderPid, options);
    if (options.waitReady === false) await sleep(1000);
    const running = daemonAlive(started);
    const record: DaemonRecord = running ? started : { ...started, stopped: true };
    host.daemons = [...host.daemons.filter((d) => d.name !== 'munged'), record];
    writeState(root, state);
    return running;
  });
}

function find(
  root: string,
  hostName: string,
): { state: NonNullable<ReturnType<typeof readState>>; host: HostRecord } {
  const state = readState(root);
  const host = state?.hosts.find((h) => h.name === hostName);
  if (!state || !host) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `no host "${hostName}" in the dev cluster`, {
      hint: 'Run `slurmdeck dev-cluster up` first.',
    });
  }
  return { state, host };
}

/** The daemon and what it started (a wrapper such as faketime forks munged as its child). */
async function kill(record: DaemonRecord): Promise<void> {
  if (!daemonAlive(record)) return;
  const pids = [record.pid, ...childrenOf(record.pid)];
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
  for (let i = 0; i < 50 && pids.some(isAlive); i++) await sleep(100);
  signal('SIGKILL');
}

function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat, after the command name in parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry), ...childrenOf(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}
