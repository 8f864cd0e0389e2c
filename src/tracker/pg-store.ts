import type pg from 'pg';
import { mergeAdjacentWrites, type PointWrite } from './merge-writes.js';
import { SlurmdeckError } from '../core/errors.js';
import type { Rewind } from './chunk-read.js';
import { migratePostgres } from './pg-migrate.js';
import { readDownsampled, readPoints, writePoints } from './pg-metrics.js';
import { openPool, unreachable } from './pg-pool.js';
import { PG_TRACKER_STEPS } from './pg-schema.js';
import { RUN_SELECT, runInsertValues, runJobValues, toRun, type RunRow } from './run-row.js';
import { END_SLACK_MS, type TrackerStore } from './store.js';
import {
  checkValues,
  FILE_COLUMNS,
  fileOrder,
  FILE_SELECT,
  fileValues,
  toRunFile,
  type RunFileRow,
} from './run-files.js';
import type { RunInit, StartResult } from './types.js';

const notFound = (uid: string) =>
  new SlurmdeckError('RUN_NOT_FOUND', `no tracker run ${uid}`, {
    hint: 'Create it first (init(), POST /api/tracker/runs); list runs with GET /api/tracker/runs.',
  });

const toMs = (unix: number | undefined, fallback: number) =>
  unix === undefined ? fallback : Math.round(unix * 1000);

// Deadlocks and serialization failures: the transaction is tried again as a whole.
const RETRIED = new Set(['40P01', '40001']);
const CONNECTION = /ECONNREFUSED|ENOTFOUND|ECONNRESET|EHOSTUNREACH|ETIMEDOUT|ENOENT/;

export type PostgresTrackerStore = TrackerStore & {
  /** Ends the pool's connections. */
  close(): Promise<void>;
};

/**
 * The tracker in PostgreSQL, for a lab whose server outgrows one machine: the same tables and
 * packed chunks as the SQLite store, the same tests. Writes to one run take its row lock, so
 * two servers (or two requests) appending to a series never lose a chunk update.
 */
export function createPostgresTrackerStore(url: string): PostgresTrackerStore {
  let pool: pg.Pool | undefined;
  let ready: Promise<pg.Pool> | undefined;
  const migrated = () =>
    (ready ??= (async () => {
      pool ??= await openPool(url);
      const client = await pool.connect();
      try {
        await migratePostgres(client, 'tracker', PG_TRACKER_STEPS);
      } finally {
        client.release();
      }
      return pool;
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));

  const failed = (error: unknown): never => {
    if (error instanceof SlurmdeckError) throw error;
    const code = (error as { code?: string }).code ?? '';
    const message = error instanceof Error ? error.message : '';
    if (CONNECTION.test(code) || code.startsWith('08') || code === '28P01' || code === '3D000') {
      throw unreachable(url, error);
    }
    if (/terminat|Connection/i.test(message)) throw unreachable(url, error);
    throw error;
  };

  async function tx<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      const pool = await migrated();
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work(client);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const code = (error as { code?: string }).code ?? '';
          if (!RETRIED.has(code) || attempt >= 5) throw error;
        } finally {
          client.release();
        }
      }
    } catch (error) {
      return failed(error);
    }
  }

  async function read<T>(work: (db: pg.Pool) => Promise<T>): Promise<T> {
    try {
      return await work(await migrated());
    } catch (error) {
      return failed(error);
    }
  }

  const runRow = async (db: pg.Pool | pg.PoolClient, uid: string) =>
    (await db.query<RunRow>(`${RUN_SELECT} WHERE r.uid = $1`, [uid])).rows[0];
  const mustGet = async (db: pg.Pool | pg.PoolClient, uid: string) => {
    const row = await runRow(db, uid);
    if (!row) throw notFound(uid);
    return toRun(row);
  };
  const idOf = async (db: pg.Pool | pg.PoolClient, uid: string) => {
    const id = (await db.query<{ id: number }>('SELECT id FROM tracker_runs WHERE uid = $1', [uid]))
      .rows[0]?.id;
    if (id === undefined) throw notFound(uid);
    return id;
  };
  const filesOf = async (db: pg.Pool | pg.PoolClient, id: number) =>
    (
      await db.query<RunFileRow>(`${FILE_SELECT} WHERE run_id = $1 ${fileOrder('COLLATE "C"')}`, [
        id,
      ])
    ).rows.map(toRunFile);
  // The attempts that rewound the run to an earlier step (see chunk-read.ts).
  const rewindsOf = async (db: pg.Pool, id: number) =>
    (
      await db.query<Rewind>(
        `SELECT seq_start AS "seqStart", resume_step AS step FROM tracker_attempts
         WHERE run_id = $1 AND resume_step IS NOT NULL`,
        [id],
      )
    ).rows;
  const one = async (db: pg.PoolClient, sql: string, params: unknown[]) =>
    (await db.query<{ v: number | null }>(sql, params)).rows[0]?.v ?? null;

  async function start(db: pg.PoolClient, init: RunInit, now: number): Promise<StartResult> {
    const startedAt = toMs(init.startedAt, now);
    const inserted = await db.query<{ id: number }>(
      `INSERT INTO tracker_runs (uid, project, name, config, tags, notes, cluster, job_id,
       array_task, restart_count, git_commit, git_dirty, command, host, status, created_at,
       started_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
       $14, 'running', $15, $16, $15) ON CONFLICT (uid) DO NOTHING RETURNING id`,
      runInsertValues(init, now, startedAt),
    );
    const created = inserted.rows.length === 1;
    const id =
      inserted.rows[0]?.id ??
      (await one(db, 'SELECT id AS v FROM tracker_runs WHERE uid = $1 FOR UPDATE', [init.uid]));
    const latest = await one(
      db,
      'SELECT MAX(seq_start) AS v FROM tracker_attempts WHERE run_id = $1',
      [id],
    );
    const seqStart =
      init.seqStart ??
      Math.max(
        ((await one(db, 'SELECT MAX(seq) AS v FROM tracker_batches WHERE run_id = $1', [id])) ??
          0) + 1,
        latest ?? 1,
      );
    const same = await one(
      db,
      'SELECT started_at AS v FROM tracker_attempts WHERE run_id = $1 AND seq_start = $2',
      [id, seqStart],
    );
    const reopens = same === null ? latest !== null && seqStart > latest : same !== startedAt;
    if (!created && reopens) {
      // A resume (see the SQLite store): live again, under the job that resumed it.
      await db.query(
        `UPDATE tracker_runs SET status = 'running', ended_at = NULL, exit_code = NULL,
         job_outcome = NULL, cluster = COALESCE($1, cluster), job_id = COALESCE($2, job_id),
         array_task = COALESCE($3, array_task), restart_count = GREATEST(restart_count, $4),
         git_commit = COALESCE($5, git_commit), git_dirty = COALESCE($6, git_dirty),
         command = COALESCE($7, command), host = COALESCE($8, host), updated_at = $9
         WHERE id = $10`,
        [...runJobValues(init), now, id],
      );
    }
    await db.query(
      `INSERT INTO tracker_attempts (run_id, seq_start, resume_step, job_id, restart_count,
       started_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id, seq_start) DO UPDATE SET
       resume_step = excluded.resume_step, job_id = excluded.job_id,
       restart_count = excluded.restart_count, started_at = excluded.started_at`,
      [
        id,
        seqStart,
        init.resumeStep ?? null,
        init.jobId ?? null,
        init.restartCount ?? 0,
        startedAt,
      ],
    );
    const attempt = (await one(
      db,
      'SELECT COUNT(*) AS v FROM tracker_attempts WHERE run_id = $1 AND seq_start <= $2',
      [id, seqStart],
    )) as number;
    return { run: await mustGet(db, init.uid), created, attempt, seqStart };
  }

  return {
    startRun: (init, now) => tx((db) => start(db, init, now)),

    applyBatches: (batches, now) =>
      tx(async (db) => {
        const uids = [...new Set(batches.map((b) => b.run))].sort();
        // Row locks in one order: concurrent writers of the same runs wait, never deadlock.
        const locked = await db.query<{ id: number; uid: string }>(
          'SELECT id, uid FROM tracker_runs WHERE uid = ANY($1) ORDER BY uid FOR UPDATE',
          [uids],
        );
        const ids = new Map(locked.rows.map((r) => [r.uid, r.id]));
        const missing = uids.find((uid) => !ids.has(uid));
        if (missing !== undefined) throw notFound(missing);
        const attempts = new Map<number, number[]>();
        const result = { applied: 0, duplicates: 0, points: 0 };
        const writes: PointWrite[] = [];
        for (const batch of batches) {
          const id = ids.get(batch.run) as number;
          const marked = await db.query(
            `INSERT INTO tracker_batches (run_id, seq, points, applied_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING`,
            [id, batch.seq, batch.points.length, now],
          );
          if (marked.rowCount === 0) {
            result.duplicates++;
            continue;
          }
          let starts = attempts.get(id);
          if (!starts) {
            const rows = await db.query<{ s: number }>(
              'SELECT seq_start AS s FROM tracker_attempts WHERE run_id = $1',
              [id],
            );
            attempts.set(id, (starts = rows.rows.map((r) => r.s)));
          }
          const attemptSeq = Math.max(0, ...starts.filter((s) => s <= batch.seq));
          writes.push({ runId: id, attemptSeq, points: batch.points });
          for (const values of fileValues(batch.files ?? [])) {
            await db.query(
              `INSERT INTO tracker_files ${FILE_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind,
               size = excluded.size, mtime = excluded.mtime, declared_at = excluded.declared_at,
               checked_at = NULL, missing = FALSE
               WHERE excluded.declared_at >= tracker_files.declared_at`,
              [id, ...values],
            );
          }
          result.applied++;
          result.points += batch.points.length;
        }
        for (const write of mergeAdjacentWrites(writes)) {
          await writePoints(db, write.runId, write.attemptSeq, write.points);
        }
        if (ids.size > 0) {
          await db.query('UPDATE tracker_runs SET updated_at = $1 WHERE id = ANY($2)', [
            now,
            [...ids.values()],
          ]);
        }
        return result;
      }),

    finishRun: (uid, status, exitCode, now) =>
      tx(async (db) => {
        const changed = await db.query(
          `UPDATE tracker_runs SET status = $1, exit_code = COALESCE($2, exit_code),
           ended_at = COALESCE(ended_at, $3), updated_at = $3 WHERE uid = $4`,
          [status, exitCode ?? null, now, uid],
        );
        if (changed.rowCount === 0) throw notFound(uid);
        return mustGet(db, uid);
      }),

    recordJobEnd: (end, now) =>
      tx(async (db) => {
        const changed = await db.query<{ uid: string }>(
          `UPDATE tracker_runs SET job_outcome = $1, status = $2,
           exit_code = COALESCE($3, exit_code), ended_at = COALESCE(ended_at, $4),
           submit_time = COALESCE($5, submit_time), nodes = COALESCE($6, nodes), updated_at = $7
           WHERE cluster = $8 AND job_id = $9 AND job_outcome IS NULL
           AND ($5::BIGINT IS NULL OR created_at >= $5) AND started_at <= $10
           RETURNING uid`,
          [
            end.outcome,
            end.outcome === 'COMPLETED' ? 'finished' : 'failed',
            end.exitCode ?? null,
            end.endedAt,
            end.submitTime ?? null,
            end.nodes ?? null,
            now,
            end.cluster,
            end.jobId,
            end.endedAt + END_SLACK_MS,
          ],
        );
        const uids = changed.rows.map((r) => r.uid).sort();
        return Promise.all(uids.map((uid) => mustGet(db, uid)));
      }),

    runFiles: (uid) => read(async (db) => filesOf(db, await idOf(db, uid))),

    recordFileChecks: (uid, checks, now) =>
      tx(async (db) => {
        const id = await idOf(db, uid);
        for (const check of checks) {
          await db.query(
            `UPDATE tracker_files SET size = COALESCE($1, size), mtime = COALESCE($2, mtime),
             missing = $3, checked_at = $4 WHERE run_id = $5 AND path = $6`,
            [...checkValues(check), now, id, check.path],
          );
        }
        return filesOf(db, id);
      }),

    getRun: (uid) =>
      read(async (db) => {
        const row = await runRow(db, uid);
        return row && toRun(row);
      }),

    listRuns: (filter) =>
      read(async (db) => {
        const where: string[] = [];
        const params: unknown[] = [];
        const add = (sql: (at: string) => string, value: unknown) => {
          if (value === undefined) return;
          params.push(value);
          where.push(sql(`$${params.length}`));
        };
        add((at) => `r.project = ${at}`, filter.project);
        add((at) => `r.status = ${at}`, filter.status);
        add((at) => `r.cluster = ${at}`, filter.cluster);
        add((at) => `r.job_id = ${at}`, filter.jobId);
        add((at) => `r.tags::jsonb ? ${at}`, filter.tag);
        params.push(filter.limit ?? 100);
        const sql = `${RUN_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY r.id DESC LIMIT $${params.length}`;
        return (await db.query<RunRow>(sql, params)).rows.map(toRun);
      }),

    nextSeq: (uid) =>
      read(async (db) => {
        const id = await idOf(db, uid);
        const { rows } = await db.query<{ v: number | null }>(
          'SELECT MAX(seq) AS v FROM tracker_batches WHERE run_id = $1',
          [id],
        );
        return (rows[0]?.v ?? 0) + 1;
      }),

    metricKeys: (uid) =>
      read(async (db) => {
        const id = await idOf(db, uid);
        const { rows } = await db.query<{ key: string }>(
          'SELECT key FROM tracker_series WHERE run_id = $1 ORDER BY key COLLATE "C"',
          [id],
        );
        return rows.map((r) => r.key);
      }),

    readSeries: (uid, key) =>
      read(async (db) => {
        const id = await idOf(db, uid);
        return readPoints(db, id, key, await rewindsOf(db, id));
      }),

    readDownsampled: (uid, key, width) =>
      read(async (db) => {
        const id = await idOf(db, uid);
        return readDownsampled(db, id, key, await rewindsOf(db, id), width);
      }),

    close: async () => {
      await pool?.end();
      pool = undefined;
      ready = undefined;
    },
  };
}
