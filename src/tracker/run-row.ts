import type { Run, RunInit, RunStatus } from './types.js';

/** A tracker_runs row as SQLite returns it. */
export interface RunRow {
  id: number;
  uid: string;
  project: string;
  name: string;
  config: string;
  tags: string;
  notes: string;
  cluster: string | null;
  job_id: string | null;
  array_task: number | null;
  restart_count: number;
  submit_time: number | null;
  nodes: string | null;
  git_commit: string | null;
  host: string | null;
  git_dirty: number | null;
  command: string | null;
  status: string;
  job_outcome: string | null;
  exit_code: number | null;
  created_at: number;
  started_at: number;
  ended_at: number | null;
  updated_at: number;
  attempts: number;
}

const opt = <T>(value: T | null): T | undefined => value ?? undefined;

export function toRun(row: RunRow): Run {
  return {
    uid: row.uid,
    project: row.project,
    name: row.name,
    config: JSON.parse(row.config) as Record<string, unknown>,
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
    cluster: opt(row.cluster),
    jobId: opt(row.job_id),
    arrayTask: opt(row.array_task),
    restartCount: row.restart_count,
    submitTime: opt(row.submit_time),
    nodes: opt(row.nodes),
    host: opt(row.host),
    gitCommit: opt(row.git_commit),
    gitDirty: row.git_dirty === null ? undefined : row.git_dirty === 1,
    command: row.command === null ? undefined : (JSON.parse(row.command) as string[]),
    status: row.status as RunStatus,
    jobOutcome: opt(row.job_outcome),
    exitCode: opt(row.exit_code),
    attempts: row.attempts,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: opt(row.ended_at),
    updatedAt: row.updated_at,
  };
}

/** The run columns plus its number of attempts. */
export const RUN_SELECT = `SELECT r.*,
  (SELECT COUNT(*) FROM tracker_attempts a WHERE a.run_id = r.id) AS attempts
  FROM tracker_runs r`;

/**
 * The values of a new run's row, in the order both stores insert them: uid, project, name,
 * config, tags, notes, cluster, job_id, array_task, restart_count, git_commit, git_dirty,
 * command, host, created_at, started_at.
 */
export function runInsertValues(init: RunInit, now: number, startedAt: number) {
  return [
    init.uid,
    init.project,
    init.name ?? init.uid.slice(0, 8),
    JSON.stringify(init.config ?? {}),
    JSON.stringify(init.tags ?? []),
    init.notes ?? '',
    ...runJobValues(init),
    now,
    startedAt,
  ];
}

/**
 * What a run's init says of the job it runs in, as row values in this order: cluster, job_id,
 * array_task, restart_count, git_commit, git_dirty, command, host (a new run, and a resume).
 */
export function runJobValues(init: RunInit) {
  return [
    init.cluster ?? null,
    init.jobId ?? null,
    init.arrayTask ?? null,
    init.restartCount ?? 0,
    init.gitCommit ?? null,
    init.gitDirty === undefined ? null : Number(init.gitDirty),
    init.command ? JSON.stringify(init.command) : null,
    init.host ?? null,
  ];
}
