import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { sharedPaths } from './layout.js';

/** What `up` started, so `status` and `down` can find every process again. */
export interface DaemonRecord {
  name: string;
  pid: number;
  log: string;
  /** Stopped on purpose (`dev-cluster node stop`), not dead. */
  stopped?: boolean;
  /** slurmd of a configless host: its `--conf-server`, kept for every restart. */
  confServer?: string;
}

export interface HostRecord {
  name: string;
  address: string;
  holderPid: number;
  daemons: DaemonRecord[];
}

export interface ClusterState {
  nodes: number;
  startedAt: string;
  /** Set once `up` has finished: a cluster whose `up` was cut short is not up. */
  ready: boolean;
  /** configFingerprint() of what was written; another one means the configuration changed. */
  fingerprint: string;
  hosts: HostRecord[];
  /** Compute hosts `dev-cluster node add` joined after `up` (their records are in `hosts`). */
  added?: string[];
  /** munged in the root namespace, for plain Slurm commands run with `dev-cluster env`. */
  clientMunged?: DaemonRecord;
}

export function readState(root: string): ClusterState | undefined {
  const file = sharedPaths(root).state;
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

export function writeState(root: string, state: ClusterState): void {
  const file = sharedPaths(root).state;
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${file}.tmp`, file);
}
