/** The state of a run as the tracker knows it; the job's real end (OOM, TIMEOUT...) comes from the watcher. */
export type RunStatus = 'running' | 'finished' | 'failed';

/** The init record a client sends (`POST /api/tracker/runs`) or leaves in the spool (`run.json`). */
export interface RunInit {
  /** The client-made run id (e.g. 32 hex chars); a resume reuses it. */
  uid: string;
  project: string;
  name?: string | undefined;
  config?: Record<string, unknown> | undefined;
  tags?: string[] | undefined;
  notes?: string | undefined;
  cluster?: string | undefined;
  jobId?: string | undefined;
  arrayTask?: number | undefined;
  restartCount?: number | undefined;
  gitCommit?: string | undefined;
  gitDirty?: boolean | undefined;
  command?: string[] | undefined;
  host?: string | undefined;
  /** Steps after this one from earlier attempts are superseded (kept, not shown). */
  resumeStep?: number | undefined;
  /** The first batch seq this attempt writes: batches from `seqStart` on belong to it. */
  seqStart?: number | undefined;
  /** Unix seconds when the client called init. */
  startedAt?: number | undefined;
}

/** A run as stored. */
export interface Run {
  uid: string;
  project: string;
  name: string;
  config: Record<string, unknown>;
  tags: string[];
  notes: string;
  cluster: string | undefined;
  jobId: string | undefined;
  arrayTask: number | undefined;
  restartCount: number;
  /** The job's submit time (ms), when the watcher knows it: job ids get reused. */
  submitTime: number | undefined;
  nodes: string | undefined;
  /** The node the client ran on (its latest start). */
  host: string | undefined;
  gitCommit: string | undefined;
  gitDirty: boolean | undefined;
  command: string[] | undefined;
  status: RunStatus;
  /** How the job ended (COMPLETED, OUT_OF_MEMORY, TIMEOUT...), once the watcher saw it. */
  jobOutcome: string | undefined;
  exitCode: number | undefined;
  /** 1 for the first start; one more for each resume. */
  attempts: number;
  createdAt: number;
  startedAt: number;
  endedAt: number | undefined;
  updatedAt: number;
}

/** One point on the wire: key, step, value, wall time (unix seconds). */
export interface WirePoint {
  k: string;
  s: number;
  v: number;
  t: number;
}

/** What a file a run declares is to it. */
export type RunFileKind = 'checkpoint' | 'artifact' | 'log';

/**
 * A file on shared storage a run declares (a checkpoint it saved, an artifact, a log), as the
 * client saw it when it declared it: size in bytes, mtime and t in unix seconds.
 */
export interface WireFile {
  path: string;
  kind: RunFileKind;
  size?: number | undefined;
  mtime?: number | undefined;
  t: number;
}

/** One batch on the wire, applied at most once by (run, seq). */
export interface Batch {
  run: string;
  seq: number;
  points: WirePoint[];
  /** Files declared since the last batch; the latest declaration of a path wins. */
  files?: WireFile[] | undefined;
}

/** A run's file as stored: what the client declared, and what the last look on the cluster saw. */
export interface RunFile {
  path: string;
  kind: RunFileKind;
  /** Bytes, from the last look (or the client's declaration before any look). */
  size: number | undefined;
  /** Unix ms. */
  mtime: number | undefined;
  /** When the client declared it (unix ms). */
  declaredAt: number;
  /** When slurmdeck last looked at it on the cluster (unix ms), if it did. */
  checkedAt: number | undefined;
  /** The last look found no file there. */
  missing: boolean;
}

/** What one look at a file on the cluster found: its size and mtime, or nothing there. */
export interface FileCheck {
  path: string;
  size: number | undefined;
  mtime: number | undefined;
  missing: boolean;
}

/** One series read back: parallel arrays, ordered by step. Wall times in ms. */
export interface Series {
  key: string;
  steps: Float64Array;
  values: Float64Array;
  times: Float64Array;
}

export interface BatchResult {
  /** Batches stored now. */
  applied: number;
  /** Batches seen before (same run and seq): not stored again. */
  duplicates: number;
  /** Points stored now. */
  points: number;
}

export interface RunFilter {
  project?: string | undefined;
  status?: RunStatus | undefined;
  tag?: string | undefined;
  cluster?: string | undefined;
  jobId?: string | undefined;
  limit?: number | undefined;
}

export interface StartResult {
  run: Run;
  /** True for a run seen for the first time, false for a resume (or the same init again). */
  created: boolean;
  /** The attempt this init opened (1 for the first). */
  attempt: number;
  /** The seq this attempt's first batch must carry. */
  seqStart: number;
}

/** What the watcher reports when a job ends; every run of that job takes it. */
export interface JobEnd {
  cluster: string;
  jobId: string;
  outcome: string;
  exitCode?: number | undefined;
  endedAt: number;
  submitTime?: number | undefined;
  nodes?: string | undefined;
}
