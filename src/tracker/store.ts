import type {
  Batch,
  BatchResult,
  FileCheck,
  JobEnd,
  Run,
  RunFile,
  RunFilter,
  RunInit,
  RunStatus,
  Series,
  StartResult,
} from './types.js';

/**
 * Where runs and metrics live. Every method is async so a PostgreSQL store can stand beside the
 * SQLite one without changing a caller; both pass the same tests.
 */
export interface TrackerStore {
  /** Creates the run, or opens a new attempt of it (a resume); the same init twice opens one. */
  startRun(init: RunInit, now: number): Promise<StartResult>;
  /**
   * Stores each batch whose (run, seq) it has not seen, its points and its declared files;
   * unknown runs are refused whole.
   */
  applyBatches(batches: readonly Batch[], now: number): Promise<BatchResult>;
  /** The files a run declared, checkpoints first, then artifacts and logs, each by path. */
  runFiles(uid: string): Promise<RunFile[]>;
  /** Records what a look on the cluster found for some of a run's files; returns them all. */
  recordFileChecks(uid: string, checks: readonly FileCheck[], now: number): Promise<RunFile[]>;
  finishRun(
    uid: string,
    status: RunStatus,
    exitCode: number | undefined,
    now: number,
  ): Promise<Run>;
  /** The watcher's hook: every run of the job takes its real end. Returns the runs it changed. */
  recordJobEnd(end: JobEnd, now: number): Promise<Run[]>;
  getRun(uid: string): Promise<Run | undefined>;
  listRuns(filter: RunFilter): Promise<Run[]>;
  /** The seq after the highest one applied for the run: where a resumed writer goes on. */
  nextSeq(uid: string): Promise<number>;
  /** The metric keys a run has, sorted. */
  metricKeys(uid: string): Promise<string[]>;
  /** Every visible point of one series, by step (superseded points left out). */
  readSeries(uid: string, key: string): Promise<Series>;
  /**
   * One series downsampled (M4) to `width` pixel columns, the same points as `downsampleM4` of
   * `readSeries`, read from the chunks' block summaries where they serve; `total` counts every
   * visible point.
   */
  readDownsampled(
    uid: string,
    key: string,
    width: number,
  ): Promise<{ series: Series; total: number }>;
}

/**
 * A job's end applies to runs that started before it (give or take clocks): a run that started
 * later belongs to another job that was given the same id.
 */
export const END_SLACK_MS = 60_000;
