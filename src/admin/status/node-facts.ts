import { fact, fileSums, numberFact, type Facts } from './facts-frame.js';

export interface DaemonFacts {
  running: boolean;
  pid: number | undefined;
  uptimeS: number | undefined;
  version: string | undefined;
  /** LD_PRELOAD / FAKETIME in its environment: a clock that is not the host's. */
  environment: string[];
}

/** What a munge or unmunge call said: exit code 0 is success, else munge's error code. */
export interface MungeOutcome {
  ok: boolean;
  code: number;
  message: string;
}

export interface KeyFileFacts {
  path: string;
  sha256: string | undefined;
  owner: string | undefined;
  group: string | undefined;
  /** Octal permission bits as stat prints them: "400". */
  mode: string | undefined;
  /** "regular file", "symbolic link", ... */
  type: string | undefined;
  modifiedAtS: number | undefined;
  /** Why stat failed (no such file), when it did. */
  error: string | undefined;
  directory: { owner: string; group: string; mode: string; type: string } | undefined;
}

export interface NodeFacts {
  host: string | undefined;
  /** The node's clock, seconds since the epoch, when the script started. */
  timeS: number | undefined;
  munged: DaemonFacts;
  slurmd: DaemonFacts;
  key: KeyFileFacts;
  /** auth/slurm's key beside slurm.conf, when the node has one. */
  slurmKey: KeyFileFacts | undefined;
  /** munge -n | unmunge on the node itself. */
  localMunge: MungeOutcome | undefined;
  /** A credential the controller encoded, decoded by the node's munged. */
  crossDecode: MungeOutcome | undefined;
  /** `fetched`: configless, the copy slurmd fetched from slurmctld (its spool's conf-cache/). */
  conf: { path: string; sha256: string | undefined; fetched: boolean };
  /** The controller's included files as found on the node, at the same paths. */
  includes: Array<{ path: string; sha256: string | undefined }>;
  /** Whether a TCP connection to slurmctld's port opened from the node. */
  controllerPort: { open: boolean; error: string | undefined } | undefined;
  mungedLog: string[];
  slurmdLog: string[];
  /** The script ran to its end: missing facts mean missing things, not a cut-off output. */
  complete: boolean;
}

export function daemonFacts(facts: Facts, name: string): DaemonFacts {
  const pid = numberFact(facts, `${name}.pid`);
  const env = fact(facts, `${name}.env`);
  return {
    running: pid !== undefined,
    pid,
    uptimeS: uptimeOf(facts, name),
    version: fact(facts, `${name}.version`),
    environment: env ? env.split(/\s+/).filter(Boolean) : [],
  };
}

/** Seconds since the daemon started: host uptime minus its start (clock ticks after boot). */
function uptimeOf(facts: Facts, name: string): number | undefined {
  const start = numberFact(facts, `${name}.start`);
  const uptime = numberFact(facts, 'uptime');
  const hz = numberFact(facts, 'hz') ?? 100;
  if (start === undefined || uptime === undefined || hz <= 0) return undefined;
  // Hundredths, not whole seconds: the doctor compares the start with a key file's mtime.
  return Math.max(0, Math.round((uptime - start / hz) * 100) / 100);
}

/** `RC message`, as the scripts print a command's outcome. */
export function mungeOutcome(value: string | undefined): MungeOutcome | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\s*(.*)$/.exec(value);
  if (!match) return undefined;
  const code = Number(match[1]);
  return { ok: code === 0, code, message: (match[2] ?? '').trim() };
}

/** A key file as the script described it under `prefix` (`key`: munge's, `slurmkey`: slurm.key). */
function keyFile(facts: Facts, prefix = 'key', defaultPath = '/etc/munge/munge.key'): KeyFileFacts {
  const path = fact(facts, `${prefix}.path`) ?? defaultPath;
  const stat = /^(\S+):(\S+) ([0-7]{3,4}) (.+) (\d+)$/.exec(fact(facts, `${prefix}.stat`) ?? '');
  const dir = /^(\S+):(\S+) ([0-7]{3,4}) (.+)$/.exec(fact(facts, `${prefix}.dir`) ?? '');
  return {
    path,
    sha256: fact(facts, `${prefix}.sha256`),
    owner: stat?.[1],
    group: stat?.[2],
    mode: stat?.[3],
    type: stat?.[4],
    modifiedAtS: stat ? Number(stat[5]) : undefined,
    error: stat ? undefined : fact(facts, `${prefix}.stat`),
    directory: dir
      ? { owner: dir[1] ?? '', group: dir[2] ?? '', mode: dir[3] ?? '', type: dir[4] ?? '' }
      : undefined,
  };
}

/** `timeout` exits 124: the connection neither opened nor was refused within its 5 s. */
const reachFailure = (code: number) =>
  code === 124 ? 'no answer within 5 s (exit 124)' : `exit ${code}`;

export function parseNodeFacts(facts: Facts): NodeFacts {
  const said = mungeOutcome(fact(facts, 'ctld.reach'));
  // 126/127: timeout, bash or nc could not be run there: the port was not tried, not closed.
  const reach = said && said.code !== 126 && said.code !== 127 ? said : undefined;
  return {
    host: fact(facts, 'host'),
    timeS: numberFact(facts, 'time'),
    munged: daemonFacts(facts, 'munged'),
    slurmd: daemonFacts(facts, 'slurmd'),
    key: keyFile(facts),
    slurmKey: facts.has('slurmkey.path')
      ? keyFile(facts, 'slurmkey', '/etc/slurm/slurm.key')
      : undefined,
    localMunge: mungeOutcome(fact(facts, 'munge.local')),
    crossDecode: mungeOutcome(fact(facts, 'munge.decode')),
    conf: {
      path: fact(facts, 'conf.path') ?? '/etc/slurm/slurm.conf',
      sha256: fact(facts, 'conf.sha256'),
      fetched: fact(facts, 'conf.fetched') === '1',
    },
    includes: fileSums(facts, 'include'),
    controllerPort: reach && {
      open: reach.ok,
      error: reach.ok ? undefined : reach.message || reachFailure(reach.code),
    },
    mungedLog: [...(facts.get('munged.log') ?? [])],
    slurmdLog: [...(facts.get('slurmd.log') ?? [])],
    complete: fact(facts, 'done') === '1',
  };
}
