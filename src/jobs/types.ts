/** How a job ended, told apart so people know what to do next. */
export const JOB_OUTCOMES = [
  'COMPLETED',
  'FAILED',
  'OUT_OF_MEMORY',
  'TIMEOUT',
  'CANCELLED',
  'NODE_FAIL',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
  /** Requeued keeps the job id: a new run starts, the job has not ended. */
  'REQUEUED',
  'UNKNOWN',
] as const;

export type JobOutcome = (typeof JOB_OUTCOMES)[number];

/** What the `slurmdeck run` wrapper leaves behind, atomically, when its command ends. */
export interface CompletionRecord {
  version: 1;
  /** SLURM_JOB_ID, or undefined outside Slurm. */
  jobId: string | undefined;
  /** The job id when there is one, else a local run id (`local-<time>-<pid>`). */
  runId: string;
  host: string;
  cwd: string;
  command: string[];
  startedAt: string;
  endedAt: string;
  /** The child's exit code, or null when a signal ended it. */
  exitCode: number | null;
  /** The signal that ended the child (`SIGTERM`), or null. */
  signal: string | null;
  /** Signals the wrapper received and passed on (scancel, time limit warnings). */
  forwardedSignals: string[];
  outcome: 'success' | 'failed' | 'signalled';
  logPath: string;
}

/** Everything a person needs after a job ends: the report in notifications, CLI and MCP. */
export interface JobReport {
  cluster: string;
  jobId: string;
  name: string;
  user: string | undefined;
  outcome: JobOutcome;
  exitCode: number | undefined;
  signal: number | undefined;
  /** User name or uid, for CANCELLED. */
  cancelledBy: string | undefined;
  elapsedSeconds: number | undefined;
  timeLimitSeconds: number | null | undefined;
  nodes: string | undefined;
  /** 0..1 from accounting: CPU time used / CPUs x elapsed. */
  cpuEfficiency: number | undefined;
  /** 0..1: max RSS / memory requested. */
  memoryEfficiency: number | undefined;
  maxRssBytes: number | undefined;
  requestedMemoryBytes: number | undefined;
  startedAt: string | undefined;
  endedAt: string | undefined;
  logPath: string | undefined;
  /** The last lines of the job's log, escapes stripped. */
  logTail: string[];
  /** One sentence on what to do, for the common failures (OOM, TIMEOUT...). */
  hint: string | undefined;
}
