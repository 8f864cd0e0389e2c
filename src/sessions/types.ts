/** What a session is doing, as derived from tmux, the wrapper's events and Slurm. */
export type Phase =
  | 'connecting'
  | 'queued'
  | 'allocated'
  | 'starting'
  | 'ready'
  | 'failed'
  | 'ended'
  /** A tmux session of ours on the login host that the local index does not know. */
  | 'orphaned';

export const LIVE_PHASES: readonly Phase[] = [
  'connecting',
  'queued',
  'allocated',
  'starting',
  'ready',
];

/** One step of the way to a shell, with how long it took (until the next step, or now). */
export interface PhaseStep {
  phase: Phase;
  /** Unix seconds on the login host's clock. */
  at: number;
  seconds: number;
  attempt: number;
  detail?: string;
}

export interface BadNode {
  node: string;
  reason: string;
  /** Unix seconds. */
  markedAt: number;
  expiresAt: number;
}

/** What `session status` reports. */
export interface SessionStatus {
  name: string;
  cluster: string;
  tmux: string;
  phase: Phase;
  /** Why it failed or ended; for queued, Slurm's pending reason. */
  reason: string | undefined;
  jobId: string | undefined;
  node: string | undefined;
  /** Slurm's expected start time for a queued job, when it knows one. */
  expectedStart: string | undefined;
  attempt: number;
  /** Nodes this session's retries excluded, with why. */
  badNodes: Array<{ node: string; reason: string }>;
  timeline: PhaseStep[];
  /** Someone has the session open in tmux right now. */
  attached: boolean;
}

/** The outcome of one `session exec`. */
export interface ExecOutcome {
  output: string;
  /** Undefined while the command is still running. */
  exitCode: number | undefined;
  running: boolean;
  /** More output is waiting past what was returned (page on with read --since). */
  more: boolean;
  /** Where to read on from (`session read --since`). */
  cursor: number;
}

/** The outcome of one `session read`. */
export interface ReadOutcome {
  output: string;
  cursor: number;
  more: boolean;
  /** Set when the command sent by exec finished within what was read. */
  exitCode: number | undefined;
  /** A command sent by exec is still running. */
  running: boolean;
}

export interface StartRequest {
  name: string;
  partition?: string;
  gpus?: string;
  cpus?: number;
  mem?: string;
  time?: string;
  exclude?: string[];
  /** Container and other srun flags, passed through as given (`--container-image=...`). */
  containerArgs?: string[];
  /** After `--`: more srun flags. */
  extraArgs?: string[];
  /** Overrides the cluster's sessions.healthCommand; '' turns it off. */
  healthCommand?: string;
  /** End the session when nobody has used it for this long. */
  idleReleaseMinutes?: number;
}

/** A session in the local index, or a tmux session found on the login host. */
export interface SessionListing {
  name: string;
  tmux: string;
  phase: Phase;
  jobId: string | undefined;
  node: string | undefined;
  createdAt: number | undefined;
  attached: boolean;
  reason: string | undefined;
}
