import { SlurmdeckError } from '../core/errors.js';
import { mergeAdjacentWrites, type PointWrite } from './merge-writes.js';
import { migrate, writeTransaction, type Db } from '../store/index.js';
import { RUN_SELECT, runInsertValues, runJobValues, toRun, type RunRow } from './run-row.js';
import {
  createChunkReader,
  createChunkWriter,
  createDownsampledReader,
  type Rewind,
} from './sqlite-metrics.js';
import { TRACKER_STEPS } from './sqlite-schema.js';
import {
  checkValues,
  FILE_COLUMNS,
  fileOrder,
  FILE_SELECT,
  fileValues,
  toRunFile,
  type RunFileRow,
} from './run-files.js';
import { END_SLACK_MS, type TrackerStore } from './store.js';
import type { RunInit, RunStatus, StartResult } from './types.js';

const notFound = (uid: string) =>
  new SlurmdeckError('RUN_NOT_FOUND', `no tracker run ${uid}`, {
    hint: 'Create it first (init(), POST /api/tracker/runs); list runs with GET /api/tracker/runs.',
  });

const toMs = (unix: number | undefined, fallback: number) =>
  unix === undefined ? fallback : Math.round(unix * 1000);

/** The tracker in the state database: runs, attempts, applied batches and packed metrics. */
export function createSqliteTrackerStore(db: Db): TrackerStore {
  migrate(db, 'tracker', TRACKER_STEPS);
  const runByUid = db.prepare(`${RUN_SELECT} WHERE r.uid = ?`);
  const runId = db.prepare('SELECT id FROM tracker_runs WHERE uid = ?').pluck();
  const lastSeq = db.prepare('SELECT MAX(seq) FROM tracker_batches WHERE run_id = ?').pluck();
  const lastAttempt = db
    .prepare('SELECT MAX(seq_start) FROM tracker_attempts WHERE run_id = ?')
    .pluck();
  const attemptOf = db
    .prepare('SELECT MAX(seq_start) FROM tracker_attempts WHERE run_id = ? AND seq_start <= ?')
    .pluck();
  const rewinds = db.prepare(
    `SELECT seq_start AS seqStart, resume_step AS step FROM tracker_attempts
     WHERE run_id = ? AND resume_step IS NOT NULL`,
  );
  const upsertFile = db.prepare(
    `INSERT INTO tracker_files ${FILE_COLUMNS} VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, size = excluded.size,
     mtime = excluded.mtime, declared_at = excluded.declared_at, checked_at = NULL, missing = 0
     WHERE excluded.declared_at >= tracker_files.declared_at`,
  );
  const filesOf = db.prepare(`${FILE_SELECT} WHERE run_id = ? ${fileOrder('COLLATE BINARY')}`);
  const checkFile = db.prepare(
    `UPDATE tracker_files SET size = COALESCE(?, size), mtime = COALESCE(?, mtime), missing = ?,
     checked_at = ? WHERE run_id = ? AND path = ?`,
  );
  const markBatch = db.prepare(
    'INSERT INTO tracker_batches (run_id, seq, points, applied_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const chunks = createChunkWriter(db);
  const readChunks = createChunkReader(db);
  const readDownsampled = createDownsampledReader(db);

  const getRun = (uid: string) => {
    const row = runByUid.get(uid) as RunRow | undefined;
    return row && toRun(row);
  };
  const mustGet = (uid: string) =>
    getRun(uid) ??
    (() => {
      throw notFound(uid);
    })();

  function start(init: RunInit, now: number): StartResult {
    let id = runId.get(init.uid) as number | undefined;
    const created = id === undefined;
    const startedAt = toMs(init.startedAt, now);
    if (id === undefined) {
      id = Number(
        db
          .prepare(
            `INSERT INTO tracker_runs (uid, project, name, config, tags, notes, cluster, job_id,
             array_task, restart_count, git_commit, git_dirty, command, host, status, created_at,
             started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
          )
          .run(...runInsertValues(init, now, startedAt), now).lastInsertRowid,
      );
    }
    const latest = lastAttempt.get(id) as number | null;
    const seqStart =
      init.seqStart ?? Math.max(((lastSeq.get(id) as number | null) ?? 0) + 1, latest ?? 1);
    const same = db
      .prepare('SELECT started_at FROM tracker_attempts WHERE run_id = ? AND seq_start = ?')
      .pluck()
      .get(id, seqStart) as number | undefined;
    const reopens = same === undefined ? latest !== null && seqStart > latest : same !== startedAt;
    if (!created && reopens) {
      // A resume: the run is live again, under the job (and restart) that resumed it. The same
      // init seen again (the spool's run.json after HTTP: same seq_start and started_at) or an
      // older attempt's init changes nothing here.
      db.prepare(
        `UPDATE tracker_runs SET status = 'running', ended_at = NULL, exit_code = NULL,
         job_outcome = NULL, cluster = COALESCE(?, cluster), job_id = COALESCE(?, job_id),
         array_task = COALESCE(?, array_task), restart_count = MAX(restart_count, ?),
         git_commit = COALESCE(?, git_commit), git_dirty = COALESCE(?, git_dirty),
         command = COALESCE(?, command), host = COALESCE(?, host), updated_at = ? WHERE id = ?`,
      ).run(...runJobValues(init), now, id);
    }
    // The same init twice (over HTTP and again from the spool) lands on the same attempt.
    db.prepare(
      `INSERT INTO tracker_attempts (run_id, seq_start, resume_step, job_id, restart_count, started_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, seq_start) DO UPDATE SET
       resume_step = excluded.resume_step, job_id = excluded.job_id,
       restart_count = excluded.restart_count, started_at = excluded.started_at`,
    ).run(
      id,
      seqStart,
      init.resumeStep ?? null,
      init.jobId ?? null,
      init.restartCount ?? 0,
      startedAt,
    );
    const attempt = db
      .prepare('SELECT COUNT(*) FROM tracker_attempts WHERE run_id = ? AND seq_start <= ?')
      .pluck()
      .get(id, seqStart) as number;
    return { run: mustGet(init.uid), created, attempt, seqStart };
  }

  return {
    async startRun(init, now) {
      return writeTransaction(db, () => start(init, now));
    },

    async applyBatches(batches, now) {
      return writeTransaction(db, () => {
        const ids = new Map<string, number>();
        const result = { applied: 0, duplicates: 0, points: 0 };
        const writes: PointWrite[] = [];
        for (const batch of batches) {
          let id = ids.get(batch.run);
          if (id === undefined) {
            id = runId.get(batch.run) as number | undefined;
            if (id === undefined) throw notFound(batch.run);
            ids.set(batch.run, id);
          }
          if (markBatch.run(id, batch.seq, batch.points.length, now).changes === 0) {
            result.duplicates++;
            continue;
          }
          const attemptSeq = (attemptOf.get(id, batch.seq) as number | null) ?? 0;
          writes.push({ runId: id, attemptSeq, points: batch.points });
          if (batch.files?.length) {
            for (const values of fileValues(batch.files)) upsertFile.run(id, ...values);
          }
          result.applied++;
          result.points += batch.points.length;
        }
        for (const write of mergeAdjacentWrites(writes)) {
          chunks.write(write.runId, write.attemptSeq, write.points);
        }
        for (const id of ids.values()) {
          db.prepare('UPDATE tracker_runs SET updated_at = ? WHERE id = ?').run(now, id);
        }
        return result;
      });
    },

    async finishRun(uid, status: RunStatus, exitCode, now) {
      return writeTransaction(db, () => {
        const changed = db
          .prepare(
            `UPDATE tracker_runs SET status = ?, exit_code = COALESCE(?, exit_code),
             ended_at = COALESCE(ended_at, ?), updated_at = ? WHERE uid = ?`,
          )
          .run(status, exitCode ?? null, now, now, uid).changes;
        if (changed === 0) throw notFound(uid);
        return mustGet(uid);
      });
    },

    async recordJobEnd(end, now) {
      return writeTransaction(db, () => {
        const uids = db
          .prepare(
            `SELECT uid FROM tracker_runs WHERE cluster = ? AND job_id = ? AND job_outcome IS NULL
             AND (? IS NULL OR created_at >= ?) AND started_at <= ?`,
          )
          .pluck()
          .all(
            end.cluster,
            end.jobId,
            end.submitTime ?? null,
            end.submitTime ?? null,
            end.endedAt + END_SLACK_MS,
          ) as string[];
        const update = db.prepare(
          `UPDATE tracker_runs SET job_outcome = ?, status = ?, exit_code = COALESCE(?, exit_code),
           ended_at = COALESCE(ended_at, ?), submit_time = COALESCE(?, submit_time),
           nodes = COALESCE(?, nodes), updated_at = ? WHERE uid = ?`,
        );
        for (const uid of uids) {
          update.run(
            end.outcome,
            end.outcome === 'COMPLETED' ? 'finished' : 'failed',
            end.exitCode ?? null,
            end.endedAt,
            end.submitTime ?? null,
            end.nodes ?? null,
            now,
            uid,
          );
        }
        return uids.map(mustGet);
      });
    },

    async runFiles(uid) {
      const id = runId.get(uid) as number | undefined;
      if (id === undefined) throw notFound(uid);
      return (filesOf.all(id) as RunFileRow[]).map(toRunFile);
    },

    async recordFileChecks(uid, checks, now) {
      return writeTransaction(db, () => {
        const id = runId.get(uid) as number | undefined;
        if (id === undefined) throw notFound(uid);
        for (const check of checks) {
          const [size, mtime, missing] = checkValues(check);
          checkFile.run(size, mtime, missing ? 1 : 0, now, id, check.path);
        }
        return (filesOf.all(id) as RunFileRow[]).map(toRunFile);
      });
    },

    async getRun(uid) {
      return getRun(uid);
    },

    async listRuns(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      const equal = (column: string, value: unknown) => {
        if (value === undefined) return;
        where.push(`r.${column} = ?`);
        params.push(value);
      };
      equal('project', filter.project);
      equal('status', filter.status);
      equal('cluster', filter.cluster);
      equal('job_id', filter.jobId);
      if (filter.tag !== undefined) {
        where.push('EXISTS (SELECT 1 FROM json_each(r.tags) WHERE value = ?)');
        params.push(filter.tag);
      }
      const sql = `${RUN_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC LIMIT ?`;
      return (db.prepare(sql).all(...params, filter.limit ?? 100) as RunRow[]).map(toRun);
    },

    async nextSeq(uid) {
      const id = runId.get(uid) as number | undefined;
      if (id === undefined) throw notFound(uid);
      return ((lastSeq.get(id) as number | null) ?? 0) + 1;
    },

    async metricKeys(uid) {
      const id = runId.get(uid) as number | undefined;
      if (id === undefined) throw notFound(uid);
      return db
        .prepare('SELECT key FROM tracker_series WHERE run_id = ? ORDER BY key')
        .pluck()
        .all(id) as string[];
    },

    async readSeries(uid, key) {
      const id = runId.get(uid) as number | undefined;
      if (id === undefined) throw notFound(uid);
      return readChunks(id, key, rewinds.all(id) as Rewind[]);
    },

    async readDownsampled(uid, key, width) {
      const id = runId.get(uid) as number | undefined;
      if (id === undefined) throw notFound(uid);
      return readDownsampled(id, key, rewinds.all(id) as Rewind[], width);
    },
  };
}
