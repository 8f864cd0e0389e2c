import { createEventLog, type EventPayloads } from '../events/index.js';
import { migrate, writeTransaction, type Db } from '../store/index.js';
import { JOB_EVENTS, jobEventOf, type JobEvent } from './job-events.js';
import { jobSubject } from './report/job-message.js';
import type { JobOutcome, JobReport } from './types.js';

export const WATCH_MIGRATIONS = [
  `CREATE TABLE watched_jobs (
     cluster TEXT NOT NULL,
     job_id TEXT NOT NULL,
     added_at INTEGER NOT NULL,
     channels TEXT NOT NULL DEFAULT '[]',
     name TEXT,
     user TEXT,
     work_dir TEXT,
     stdout_path TEXT,
     detail_fetched INTEGER NOT NULL DEFAULT 0,
     last_state TEXT,
     runs INTEGER NOT NULL DEFAULT 0,
     started_at TEXT,
     time_limit_s INTEGER,
     ended INTEGER NOT NULL DEFAULT 0,
     outcome TEXT,
     report TEXT,
     ended_at INTEGER,
     PRIMARY KEY (cluster, job_id)
   );
   CREATE INDEX watched_active ON watched_jobs (cluster, ended);
   CREATE TABLE job_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     cluster TEXT NOT NULL,
     job_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     run INTEGER NOT NULL,
     payload TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     acked_at INTEGER,
     UNIQUE (cluster, job_id, kind, run)
   );`,
  // Each consumer (an agent, a dashboard) acknowledges on its own: one's ack never hides
  // events from another.
  `CREATE TABLE event_cursors (
     consumer TEXT PRIMARY KEY,
     acked_id INTEGER NOT NULL
   );`,
  // Processes that want every job of the user watched; the poller honours them for everyone.
  `CREATE TABLE mine_requests (
     cluster TEXT NOT NULL,
     owner TEXT NOT NULL,
     refreshed_at INTEGER NOT NULL,
     PRIMARY KEY (cluster, owner)
   );`,
  // Job ids come back (a rebuilt cluster, a wrapped counter): the submit time tells two jobs apart.
  `ALTER TABLE watched_jobs ADD COLUMN submit_time TEXT;`,
  // Events moved to the shared event log (events/), ids and acknowledgements kept.
  `INSERT INTO events (id, kind, cluster, subject, once_key, payload, created_at)
     SELECT id, 'job.' || kind, cluster, 'job/' || cluster || '/' || job_id, CAST(run AS TEXT),
       CASE kind WHEN 'finished'
         THEN json_object('jobId', job_id, 'run', run, 'report', json(payload))
         ELSE json_set(payload, '$.jobId', job_id, '$.run', run) END,
       created_at
     FROM job_events WHERE true
     ON CONFLICT DO NOTHING;
   INSERT INTO event_consumers (consumer, acked_id)
     SELECT consumer, acked_id FROM event_cursors WHERE true
     ON CONFLICT (consumer) DO UPDATE SET acked_id = MAX(acked_id, excluded.acked_id);
   DROP TABLE job_events;
   DROP TABLE event_cursors;`,
];

export interface WatchedJob {
  cluster: string;
  jobId: string;
  addedAt: number;
  channels: string[];
  name: string | undefined;
  user: string | undefined;
  workDir: string | undefined;
  stdoutPath: string | undefined;
  detailFetched: boolean;
  lastState: string | undefined;
  /** How many times the job has started: more than 1 after a requeue. */
  runs: number;
  startedAt: string | undefined;
  submitTime: string | undefined;
  timeLimitSeconds: number | undefined;
  ended: boolean;
  outcome: JobOutcome | undefined;
  report: JobReport | undefined;
  endedAt: number | undefined;
}

/** What a start or requeue event says besides which job and run. */
type RunDetail<K extends 'started' | 'requeued'> = Partial<
  Omit<EventPayloads[`job.${K}`], 'jobId' | 'run'>
>;

interface JobRow {
  cluster: string;
  job_id: string;
  added_at: number;
  channels: string;
  name: string | null;
  user: string | null;
  work_dir: string | null;
  stdout_path: string | null;
  detail_fetched: number;
  last_state: string | null;
  runs: number;
  started_at: string | null;
  submit_time: string | null;
  time_limit_s: number | null;
  ended: number;
  outcome: string | null;
  report: string | null;
  ended_at: number | null;
}

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function toJob(row: JobRow): WatchedJob {
  return {
    cluster: row.cluster,
    jobId: row.job_id,
    addedAt: row.added_at,
    channels: JSON.parse(row.channels) as string[],
    name: orUndefined(row.name),
    user: orUndefined(row.user),
    workDir: orUndefined(row.work_dir),
    stdoutPath: orUndefined(row.stdout_path),
    detailFetched: row.detail_fetched === 1,
    lastState: orUndefined(row.last_state),
    runs: row.runs,
    startedAt: orUndefined(row.started_at),
    submitTime: orUndefined(row.submit_time),
    timeLimitSeconds: orUndefined(row.time_limit_s),
    ended: row.ended === 1,
    outcome: orUndefined(row.outcome) as JobOutcome | undefined,
    report: row.report === null ? undefined : (JSON.parse(row.report) as JobReport),
    endedAt: orUndefined(row.ended_at),
  };
}

/**
 * Watched jobs, durable in SQLite: a restarted watcher carries on from here. Their events go to
 * the shared event log (`eventLog`), which every face reads.
 */
export function createWatchStore(db: Db, now: () => number = Date.now) {
  const eventLog = createEventLog(db, now); // first: a step below moves the old events into it
  migrate(db, 'watch', WATCH_MIGRATIONS);

  return {
    eventLog,

    /** Adds jobs to watch; a job already watched keeps its state and gains the channels. */
    add(cluster: string, jobIds: readonly string[], channels: readonly string[] = []): void {
      const get = db.prepare('SELECT channels FROM watched_jobs WHERE cluster = ? AND job_id = ?');
      const insert = db.prepare(
        'INSERT INTO watched_jobs (cluster, job_id, added_at, channels) VALUES (?, ?, ?, ?)',
      );
      const update = db.prepare(
        'UPDATE watched_jobs SET channels = ? WHERE cluster = ? AND job_id = ?',
      );
      writeTransaction(db, () => {
        for (const jobId of jobIds) {
          const row = get.get(cluster, jobId) as { channels: string } | undefined;
          if (!row) insert.run(cluster, jobId, now(), JSON.stringify([...new Set(channels)]));
          else {
            const merged = [...new Set([...(JSON.parse(row.channels) as string[]), ...channels])];
            update.run(JSON.stringify(merged), cluster, jobId);
          }
        }
      });
    },

    active(cluster: string): WatchedJob[] {
      const rows = db
        .prepare('SELECT * FROM watched_jobs WHERE cluster = ? AND ended = 0 ORDER BY added_at')
        .all(cluster) as JobRow[];
      return rows.map(toJob);
    },

    /** When the newest job still watched on the cluster was added (ms), or 0: one indexed read. */
    newestAddedAt(cluster: string): number {
      const row = db
        .prepare('SELECT MAX(added_at) AS at FROM watched_jobs WHERE cluster = ? AND ended = 0')
        .get(cluster) as { at: number | null };
      return row.at ?? 0;
    },

    get(cluster: string, jobId: string): WatchedJob | undefined {
      const row = db
        .prepare('SELECT * FROM watched_jobs WHERE cluster = ? AND job_id = ?')
        .get(cluster, jobId) as JobRow | undefined;
      return row && toJob(row);
    },

    list(cluster?: string, limit = 200): WatchedJob[] {
      const rows = (
        cluster === undefined
          ? db.prepare('SELECT * FROM watched_jobs ORDER BY added_at DESC LIMIT ?').all(limit)
          : db
              .prepare(
                'SELECT * FROM watched_jobs WHERE cluster = ? ORDER BY added_at DESC LIMIT ?',
              )
              .all(cluster, limit)
      ) as JobRow[];
      return rows.map(toJob);
    },

    /** What the queue said about a job this interval. */
    update(
      cluster: string,
      jobId: string,
      fields: Partial<
        Pick<
          WatchedJob,
          | 'name'
          | 'user'
          | 'workDir'
          | 'stdoutPath'
          | 'lastState'
          | 'runs'
          | 'startedAt'
          | 'submitTime'
          | 'timeLimitSeconds'
          | 'detailFetched'
        >
      >,
    ): void {
      const columns: Record<string, unknown> = {
        name: fields.name,
        user: fields.user,
        work_dir: fields.workDir,
        stdout_path: fields.stdoutPath,
        last_state: fields.lastState,
        runs: fields.runs,
        started_at: fields.startedAt,
        submit_time: fields.submitTime,
        time_limit_s: fields.timeLimitSeconds,
        detail_fetched:
          fields.detailFetched === undefined ? undefined : Number(fields.detailFetched),
      };
      const set = Object.entries(columns).filter(([, value]) => value !== undefined);
      if (set.length === 0) return;
      db.prepare(
        `UPDATE watched_jobs SET ${set.map(([column]) => `${column} = ?`).join(', ')} WHERE cluster = ? AND job_id = ?`,
      ).run(...set.map(([, value]) => value), cluster, jobId);
    },

    /**
     * Forgets an ended job whose id now names another job (submitted at another time), so the
     * new one is watched from scratch. Returns whether it did.
     */
    forgetReusedId(cluster: string, jobId: string, submitTime: string | undefined): boolean {
      if (submitTime === undefined) return false;
      return (
        db
          .prepare(
            `DELETE FROM watched_jobs WHERE cluster = ? AND job_id = ? AND ended = 1
             AND submit_time IS NOT NULL AND submit_time <> ?`,
          )
          .run(cluster, jobId, submitTime).changes === 1
      );
    },

    /** Records a start or requeue once per (job, run); returns false when it was already there. */
    event<K extends 'started' | 'requeued'>(
      cluster: string,
      jobId: string,
      kind: K,
      run: number,
      detail: RunDetail<K>,
    ): boolean {
      return eventLog.append({
        kind: `job.${kind}`,
        cluster,
        subject: jobSubject(cluster, jobId),
        once: String(run),
        payload: { ...detail, jobId, run } as EventPayloads[`job.${K}`],
      });
    },

    /**
     * Marks the job ended and records its `finished` event in one transaction; `also` runs inside
     * it (the notification outbox), so a crash leaves either all of it or none. False if it had
     * already ended.
     */
    finish(report: JobReport, run: number, also: () => void = () => undefined): boolean {
      return writeTransaction(db, () => {
        const changed = db
          .prepare(
            `UPDATE watched_jobs SET ended = 1, outcome = ?, report = ?, ended_at = ?
             WHERE cluster = ? AND job_id = ? AND ended = 0`,
          )
          .run(report.outcome, JSON.stringify(report), now(), report.cluster, report.jobId).changes;
        if (changed === 0) return false;
        eventLog.append({
          kind: 'job.finished',
          cluster: report.cluster,
          subject: jobSubject(report.cluster, report.jobId),
          once: String(run),
          payload: { jobId: report.jobId, run, report },
        });
        also();
        return true;
      });
    },

    /** Job events after `afterId`; with `consumer`, only those it has not acknowledged yet. */
    events(
      options: { afterId?: number; consumer?: string; cluster?: string; limit?: number } = {},
    ): JobEvent[] {
      const { afterId, consumer, cluster, limit } = options;
      return eventLog
        .read({
          kindPrefix: JOB_EVENTS,
          ...(afterId === undefined ? {} : { after: afterId }),
          ...(consumer === undefined ? {} : { consumer }),
          ...(cluster === undefined ? {} : { cluster }),
          ...(limit === undefined ? {} : { limit }),
        })
        .flatMap((event) => jobEventOf(event) ?? []);
    },

    /** `owner` (host:pid) wants every job of the user watched; call again to stay wanted. */
    requestMine(cluster: string, owner: string): void {
      db.prepare(
        `INSERT INTO mine_requests (cluster, owner, refreshed_at) VALUES (?, ?, ?)
         ON CONFLICT(cluster, owner) DO UPDATE SET refreshed_at = excluded.refreshed_at`,
      ).run(cluster, owner, now());
    },

    dropMine(cluster: string, owner: string): void {
      db.prepare('DELETE FROM mine_requests WHERE cluster = ? AND owner = ?').run(cluster, owner);
    },

    /** Whether a live process still wants every job of the user watched. */
    mineWanted(cluster: string, alive: (owner: string, refreshedAt: number) => boolean): boolean {
      const rows = db
        .prepare('SELECT owner, refreshed_at FROM mine_requests WHERE cluster = ?')
        .all(cluster) as Array<{ owner: string; refreshed_at: number }>;
      return rows.some((row) => alive(row.owner, row.refreshed_at));
    },
  };
}

export type WatchStore = ReturnType<typeof createWatchStore>;
