/** The typed view of Slurm that every capability and face builds on. */

import type { SbatchOptionValues } from './sbatch-options.js';

/** Job states as squeue/sacct/scontrol print them (long form). */
export const JOB_STATES = [
  'PENDING',
  'RUNNING',
  'SUSPENDED',
  'COMPLETING',
  'COMPLETED',
  'CONFIGURING',
  'CANCELLED',
  'FAILED',
  'TIMEOUT',
  'PREEMPTED',
  'NODE_FAIL',
  'BOOT_FAIL',
  'DEADLINE',
  'OUT_OF_MEMORY',
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'RESIZING',
  'REVOKED',
  'SIGNALING',
  'SPECIAL_EXIT',
  'STAGE_OUT',
  'STOPPED',
  'RESV_DEL_HOLD',
] as const;

/** A known state, or 'UNKNOWN' for one a newer Slurm invented (the raw text is kept beside it). */
export type JobState = (typeof JOB_STATES)[number] | 'UNKNOWN';

/** Node states as sinfo prints them (lower case, flags folded in: drained/draining). */
export const NODE_STATES = [
  'idle',
  'mixed',
  'allocated',
  'completing',
  'draining',
  'drained',
  'down',
  'fail',
  'failing',
  'future',
  'maint',
  'reserved',
  'planned',
  'inval',
  'reboot_issued',
  'reboot_requested',
  'powering_up',
  'powering_down',
  'powered_down',
  'power_down',
  'perfctrs',
  'blocked',
  'unknown',
] as const;

export type NodeState = (typeof NODE_STATES)[number];

/** One generic resource entry: `gpu:a100:4`, `gpu:4`, `gpu:a100:3(IDX:0-2)`. */
export interface Gres {
  name: string;
  type: string | undefined;
  count: number;
  /** Device indexes in use, from `(IDX:0-2)`; undefined when Slurm gave none. */
  indexes: number[] | undefined;
}

/** CPU or GPU counts the way sinfo's A/I/O/T columns put them. */
export interface ResourceCounts {
  allocated: number;
  idle: number;
  /** On nodes that cannot take work (down, drained, not responding). */
  other: number;
  total: number;
}

export interface Node {
  name: string;
  /** Partitions this node belongs to (sinfo -N prints one line per pair). */
  partitions: string[];
  state: NodeState;
  /** What sinfo printed, e.g. `idle*`, `drained`, `mixed-`. */
  stateRaw: string;
  /** Flags from the complete state, e.g. ['DRAIN', 'NOT_RESPONDING']. */
  flags: string[];
  /** False when Slurm marks the node `*`: slurmd has not answered. */
  responding: boolean;
  /** False when the node takes no new work (down, drain, fail, not responding...). */
  usable: boolean;
  reason: string | undefined;
  cpus: ResourceCounts;
  memoryMb: number | undefined;
  allocatedMemoryMb: number | undefined;
  freeMemoryMb: number | undefined;
  cpuLoad: number | undefined;
  gres: Gres[];
  gresUsed: Gres[];
  gpus: ResourceCounts;
  features: string[];
}

export type PartitionAvailability = 'up' | 'down' | 'drain' | 'inactive' | 'unknown';

export interface Partition {
  name: string;
  isDefault: boolean;
  availability: PartitionAvailability;
  /** Seconds; null when the partition has no limit. */
  maxTimeSeconds: number | null | undefined;
  nodes: string[];
  cpus: ResourceCounts;
  gpus: ResourceCounts;
  /** GPU counts per type (`a100`), for "where are A100s free". Untyped GPUs are under ''. */
  gpusByType: Record<string, ResourceCounts>;
}

/** Partitions and nodes as one sinfo call saw them. */
export interface ClusterView {
  partitions: Partition[];
  nodes: Node[];
}

export interface Job {
  /** `123`, `123_4` (array task), `123_[5-9]` (pending array tasks), `123+1` (het component). */
  id: string;
  /** The numeric id Slurm tracks this record under. */
  jobId: string;
  arrayJobId: string | undefined;
  arrayTaskId: string | undefined;
  name: string;
  user: string;
  account: string | undefined;
  partition: string;
  qos: string | undefined;
  state: JobState;
  stateRaw: string;
  /** Why it waits (Priority, Resources, Dependency...) or why it failed; undefined for None. */
  reason: string | undefined;
  nodeList: string | undefined;
  nodeCount: number | undefined;
  cpus: number | undefined;
  /** GPUs allocated (running) or requested (pending), from the job's TRES. */
  gpus: number;
  /** GRES requested per node, e.g. `gres:gpu:a100:2`. */
  tresPerNode: string | undefined;
  minMemory: string | undefined;
  /** Seconds; null for UNLIMITED, undefined when not set. */
  timeLimitSeconds: number | null | undefined;
  elapsedSeconds: number | undefined;
  /**
   * ISO 8601. Text views carry the cluster's local time without a zone, as Slurm prints it
   * (`2024-05-01T12:00:00`); job detail from JSON (Slurm 23.02+) is UTC (`...Z`). Undefined: N/A.
   */
  submitTime: string | undefined;
  startTime: string | undefined;
  endTime: string | undefined;
  workDir: string | undefined;
}

/** Everything the controller knows about one job (from `scontrol show job`). */
export interface JobDetail extends Job {
  exitCode: number | undefined;
  signal: number | undefined;
  command: string | undefined;
  stdout: string | undefined;
  stderr: string | undefined;
  stdin: string | undefined;
  batchHost: string | undefined;
  dependency: string | undefined;
  comment: string | undefined;
  priority: number | undefined;
  /** e.g. `cpu=1,mem=100M,node=1,billing=1,gres/gpu=2`. */
  tresAlloc: string | undefined;
  tresRequested: string | undefined;
  /** GRES with device indexes per node, when Slurm reports them. */
  gresDetail: Array<{ nodes: string; gres: Gres[] }>;
  /** Every field Slurm returned, unparsed: newer Slurm versions add more. */
  raw: Record<string, unknown>;
}

export interface AccountingStep {
  id: string;
  name: string;
  state: JobState;
  stateRaw: string;
  exitCode: number | undefined;
  signal: number | undefined;
  elapsedSeconds: number | undefined;
  maxRssBytes: number | undefined;
  nodeList: string | undefined;
}

/** A job as the accounting database (sacct) remembers it, steps folded in. */
export interface AccountingRecord {
  id: string;
  jobIdRaw: string;
  name: string;
  user: string;
  account: string | undefined;
  partition: string | undefined;
  state: JobState;
  stateRaw: string;
  /** Uid (as sacct prints it) of whoever cancelled the job: `CANCELLED by 1000`. */
  cancelledBy: string | undefined;
  exitCode: number | undefined;
  signal: number | undefined;
  /** Highest exit code of the job's steps, `DerivedExitCode`. */
  derivedExitCode: number | undefined;
  elapsedSeconds: number | undefined;
  /** Largest MaxRSS over the job's steps. */
  maxRssBytes: number | undefined;
  nodeList: string | undefined;
  nodeCount: number | undefined;
  allocCpus: number | undefined;
  allocGpus: number;
  allocTres: string | undefined;
  reqMemory: string | undefined;
  timeLimitSeconds: number | null | undefined;
  submitTime: string | undefined;
  startTime: string | undefined;
  endTime: string | undefined;
  reason: string | undefined;
  workDir: string | undefined;
  /** CPU time used by all of the job's processes (user + system), for CPU efficiency. */
  totalCpuSeconds: number | undefined;
  steps: AccountingStep[];
}

/** sbatch options (one flag each, see `SBATCH_OPTIONS`), then extra flags passed as given. */
export interface SubmitOptions extends SbatchOptionValues {
  extraArgs?: string[];
  /**
   * Variables for the job that must not appear on a command line (a token): sbatch gets them in
   * its environment, read from its standard input, so `ps` on the login node never shows them.
   */
  secretEnv?: Readonly<Record<string, string>>;
}

/** What to run: a script on the cluster, a command line, or script text sent on stdin. */
export type SubmitRequest = SubmitOptions &
  ({ script: string; args?: string[] } | { wrap: string } | { scriptText: string });

export interface SubmitResult {
  jobId: string;
  cluster: string | undefined;
}

/** What `sbatch --test-only` predicts, without creating a job. */
export interface TestOnlyResult {
  jobId: string;
  startTime: string;
  processors: number;
  nodes: string;
  partition: string;
}

export interface JobFilter {
  /** Only this user's jobs: the client's user, or the login user (`--me`). */
  mine?: boolean;
  users?: string[];
  states?: JobState[];
  partitions?: string[];
  jobIds?: string[];
  /** Finished jobs too, for as long as the controller keeps them (MinJobAge): `-t all`. */
  allStates?: boolean;
}

export interface AccountingFilter {
  jobIds?: string[];
  /** Whose jobs: default the login user; ['*'] is every user (`--allusers`). */
  users?: string[];
  states?: JobState[];
  partitions?: string[];
  /** sacct time: `2024-05-01T00:00:00`, `now-1days`... Defaults to sacct's (midnight). */
  since?: string;
  until?: string;
}

export interface SlurmVersion {
  major: number;
  minor: number;
  patch: number;
  raw: string;
}
