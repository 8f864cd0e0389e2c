/**
 * Schema steps of the tracker in PostgreSQL (a released step never changes): the same tables as
 * in SQLite (sqlite-schema.ts), ms times and steps as BIGINT, chunks as BYTEA.
 */
export const PG_TRACKER_STEPS = [
  `CREATE TABLE tracker_runs (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
     submit_time BIGINT,
     nodes TEXT,
     git_commit TEXT,
     git_dirty INTEGER,
     command TEXT,
     host TEXT,
     status TEXT NOT NULL,
     job_outcome TEXT,
     exit_code INTEGER,
     created_at BIGINT NOT NULL,
     started_at BIGINT NOT NULL,
     ended_at BIGINT,
     updated_at BIGINT NOT NULL
   );
   CREATE INDEX tracker_runs_by_project ON tracker_runs (project, id);
   CREATE INDEX tracker_runs_by_job ON tracker_runs (cluster, job_id);
   CREATE TABLE tracker_attempts (
     run_id BIGINT NOT NULL REFERENCES tracker_runs (id),
     seq_start BIGINT NOT NULL,
     resume_step BIGINT,
     job_id TEXT,
     restart_count INTEGER,
     started_at BIGINT NOT NULL,
     PRIMARY KEY (run_id, seq_start)
   );
   CREATE TABLE tracker_batches (
     run_id BIGINT NOT NULL,
     seq BIGINT NOT NULL,
     points INTEGER NOT NULL,
     applied_at BIGINT NOT NULL,
     PRIMARY KEY (run_id, seq)
   );
   CREATE TABLE tracker_series (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     run_id BIGINT NOT NULL REFERENCES tracker_runs (id),
     key TEXT NOT NULL,
     UNIQUE (run_id, key)
   );
   CREATE TABLE tracker_chunks (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     series_id BIGINT NOT NULL,
     attempt_seq BIGINT NOT NULL,
     count INTEGER NOT NULL,
     min_step BIGINT NOT NULL,
     max_step BIGINT NOT NULL,
     last_step BIGINT NOT NULL,
     last_time BIGINT NOT NULL,
     sorted BOOLEAN NOT NULL,
     data BYTEA NOT NULL
   );
   CREATE INDEX tracker_chunks_by_series ON tracker_chunks (series_id, id);`,
  `ALTER TABLE tracker_chunks ADD COLUMN summary BYTEA;`,
  `CREATE TABLE tracker_files (
     run_id BIGINT NOT NULL,
     path TEXT NOT NULL,
     kind TEXT NOT NULL,
     size BIGINT,
     mtime BIGINT,
     declared_at BIGINT NOT NULL,
     checked_at BIGINT,
     missing BOOLEAN NOT NULL DEFAULT FALSE,
     PRIMARY KEY (run_id, path)
   );`,
];
