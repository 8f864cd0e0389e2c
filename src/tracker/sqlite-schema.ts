/**
 * Schema steps of the 'tracker' component (a released step never changes). Metrics are packed:
 * one row per chunk of up to CHUNK_POINTS (chunk-plan.ts) points of one series (see point-codec.ts), not one
 * row per point, which keeps a point near 11 bytes on disk.
 */
export const TRACKER_STEPS = [
  `CREATE TABLE tracker_runs (
     id INTEGER PRIMARY KEY,
     uid TEXT NOT NULL UNIQUE,
     project TEXT NOT NULL,
     name TEXT NOT NULL,
     config TEXT NOT NULL,
     tags TEXT NOT NULL,
     notes TEXT NOT NULL,
     cluster TEXT,
     job_id TEXT,
     array_task INTEGER,
     restart_count INTEGER NOT NULL,
     submit_time INTEGER,
     nodes TEXT,
     git_commit TEXT,
     git_dirty INTEGER,
     command TEXT,
     host TEXT,
     status TEXT NOT NULL,
     job_outcome TEXT,
     exit_code INTEGER,
     created_at INTEGER NOT NULL,
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX tracker_runs_by_project ON tracker_runs (project, id);
   CREATE INDEX tracker_runs_by_job ON tracker_runs (cluster, job_id);
   -- Each start of a run. Batches from seq_start on belong to it, whichever channel brings them;
   -- its resume_step hides the points of earlier attempts after that step.
   CREATE TABLE tracker_attempts (
     run_id INTEGER NOT NULL REFERENCES tracker_runs (id),
     seq_start INTEGER NOT NULL,
     resume_step INTEGER,
     job_id TEXT,
     restart_count INTEGER,
     started_at INTEGER NOT NULL,
     PRIMARY KEY (run_id, seq_start)
   ) WITHOUT ROWID;
   -- Every (run, seq) applied, so a batch retried or found again in the spool counts once.
   CREATE TABLE tracker_batches (
     run_id INTEGER NOT NULL,
     seq INTEGER NOT NULL,
     points INTEGER NOT NULL,
     applied_at INTEGER NOT NULL,
     PRIMARY KEY (run_id, seq)
   ) WITHOUT ROWID;
   CREATE TABLE tracker_series (
     id INTEGER PRIMARY KEY,
     run_id INTEGER NOT NULL REFERENCES tracker_runs (id),
     key TEXT NOT NULL,
     UNIQUE (run_id, key)
   );
   CREATE TABLE tracker_chunks (
     id INTEGER PRIMARY KEY,
     series_id INTEGER NOT NULL,
     attempt_seq INTEGER NOT NULL,
     count INTEGER NOT NULL,
     min_step INTEGER NOT NULL,
     max_step INTEGER NOT NULL,
     last_step INTEGER NOT NULL,
     last_time INTEGER NOT NULL,
     sorted INTEGER NOT NULL,
     data BLOB NOT NULL
   );
   CREATE INDEX tracker_chunks_by_series ON tracker_chunks (series_id, id);`,
  // Block summaries (chunk-summary.ts): a chart of a long series reads these, not every point.
  `ALTER TABLE tracker_chunks ADD COLUMN summary BLOB;`,
  // Files a run declares (checkpoints, artifacts, logs) and what the last look saw (run-files.ts).
  `CREATE TABLE tracker_files (
     run_id INTEGER NOT NULL,
     path TEXT NOT NULL,
     kind TEXT NOT NULL,
     size INTEGER,
     mtime INTEGER,
     declared_at INTEGER NOT NULL,
     checked_at INTEGER,
     missing INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (run_id, path)
   ) WITHOUT ROWID;`,
];
