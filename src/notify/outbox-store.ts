import { migrate, writeTransaction, type Db } from '../store/index.js';

/** Schema steps of the 'notify' component; a released step never changes. */
export const OUTBOX_STEPS = [
  `CREATE TABLE notify_outbox (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    event TEXT NOT NULL,
    cluster TEXT NOT NULL,
    job_id TEXT NOT NULL,
    report TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    last_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sent_at INTEGER
  );
  CREATE INDEX notify_outbox_due ON notify_outbox (state, next_attempt_at);`,
  // Generic messages: a subject and the rendered message (JSON) instead of job columns. Rows
  // written before are put into (English) words here, so they are still sent and listed.
  `CREATE TABLE notify_outbox_next (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    event TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    last_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sent_at INTEGER
  );
  INSERT INTO notify_outbox_next
  SELECT id, idempotency_key, channel, event, 'job/' || cluster || '/' || job_id,
    json_object(
      'event', event,
      'subject', 'job/' || cluster || '/' || job_id,
      'dedupe', json_array(cluster, job_id,
        COALESCE(report ->> '$.startedAt', report ->> '$.endedAt', '')),
      'title', CASE event WHEN 'notify.test' THEN '[test] ' ELSE '' END
        || '[' || cluster || '] job ' || job_id
        || COALESCE(' ' || NULLIF(report ->> '$.name', ''), '') || ' ' ||
        CASE report ->> '$.outcome'
          WHEN 'COMPLETED' THEN 'completed' WHEN 'FAILED' THEN 'failed'
          WHEN 'OUT_OF_MEMORY' THEN 'ran out of memory' WHEN 'TIMEOUT' THEN 'hit its time limit'
          WHEN 'CANCELLED' THEN 'was cancelled' WHEN 'NODE_FAIL' THEN 'lost its node'
          WHEN 'PREEMPTED' THEN 'was preempted' WHEN 'BOOT_FAIL' THEN 'could not boot its node'
          WHEN 'DEADLINE' THEN 'missed its deadline' WHEN 'REQUEUED' THEN 'was requeued'
          ELSE 'ended (state unknown)' END,
      'severity', CASE
        WHEN report ->> '$.outcome' = 'COMPLETED' THEN 'success'
        WHEN report ->> '$.outcome' IN ('CANCELLED', 'PREEMPTED', 'REQUEUED', 'UNKNOWN')
          THEN 'warning'
        ELSE 'failure' END,
      'tags', json_array('slurm', lower(report ->> '$.outcome')),
      'language', 'en',
      'colon', ': ',
      'fields', json_array(
        json_object('label', 'Job', 'value', job_id),
        json_object('label', 'Cluster', 'value', cluster),
        json_object('label', 'Outcome', 'value', report ->> '$.outcome')),
      'hint', CASE WHEN report ->> '$.hint' IS NULL THEN NULL
        ELSE json_object('label', 'Hint', 'text', report ->> '$.hint') END,
      'tail', CASE WHEN json_array_length(report, '$.logTail') > 0
        THEN json_object('label', 'Last log lines', 'lines', report -> '$.logTail') END,
      'payload', json(report)),
    state, attempts, max_attempts, next_attempt_at, lease_owner, lease_until, last_status,
    last_error, created_at, updated_at, sent_at
  FROM notify_outbox;
  DROP TABLE notify_outbox;
  ALTER TABLE notify_outbox_next RENAME TO notify_outbox;
  CREATE INDEX notify_outbox_due ON notify_outbox (state, next_attempt_at);`,
];

export type OutboxState = 'pending' | 'sent' | 'failed';

/** One row as stored: a message (never a secret) for one channel, named, not spelled out. */
export interface OutboxRow {
  id: number;
  idempotency_key: string;
  channel: string;
  event: string;
  subject: string;
  /** The rendered message, JSON (see `parseStoredMessage`). */
  message: string;
  state: OutboxState;
  attempts: number;
  max_attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

export interface NewRow {
  key: string;
  channel: string;
  event: string;
  subject: string;
  message: string;
  maxAttempts: number;
}

/** The SQL of the outbox; every method is one statement or one transaction. */
export function createOutboxStore(db: Db) {
  migrate(db, 'notify', OUTBOX_STEPS);
  const insert = db.prepare(
    `INSERT INTO notify_outbox (idempotency_key, channel, event, subject, message, state,
       max_attempts, next_attempt_at, created_at, updated_at)
     VALUES (@key, @channel, @event, @subject, @message, 'pending', @maxAttempts, @now, @now, @now)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const byKey = db.prepare('SELECT * FROM notify_outbox WHERE idempotency_key = ?');
  const due = db.prepare(
    `SELECT id FROM notify_outbox
     WHERE state = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
     ORDER BY next_attempt_at, id LIMIT @limit`,
  );
  const lease = db.prepare(
    `UPDATE notify_outbox SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1,
       updated_at = @now
     WHERE id = @id AND state = 'pending' AND (lease_until IS NULL OR lease_until <= @now)
     RETURNING *`,
  );
  const sent = db.prepare(
    `UPDATE notify_outbox SET state = 'sent', sent_at = @now, updated_at = @now, last_status = @status,
       last_error = NULL, lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND state = 'pending'`,
  );
  const retry = db.prepare(
    `UPDATE notify_outbox SET next_attempt_at = @next, updated_at = @now, last_status = @status,
       last_error = @error, lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND state = 'pending' AND lease_owner = @owner`,
  );
  const failed = db.prepare(
    `UPDATE notify_outbox SET state = 'failed', updated_at = @now, last_status = @status,
       last_error = @error, lease_owner = NULL, lease_until = NULL
     WHERE id = @id AND state = 'pending' AND lease_owner = @owner`,
  );
  const nextDue = db.prepare(
    `SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) AS at
     FROM notify_outbox WHERE state = 'pending'`,
  );

  return {
    /** Inserts unless the key is there already; returns the row either way. */
    insert(row: NewRow, now: number): { row: OutboxRow; created: boolean } {
      const { changes } = insert.run({ ...row, now });
      return { row: byKey.get(row.key) as OutboxRow, created: changes === 1 };
    },

    /**
     * Takes up to `limit` due rows for `owner` until `now + leaseMs`, counting the attempt now:
     * an IMMEDIATE transaction, so two deliverers never take the same row, and a deliverer that
     * dies mid-send leaves a lease that runs out.
     */
    claim(owner: string, now: number, leaseMs: number, limit: number, ids?: readonly number[]) {
      return writeTransaction(db, (): OutboxRow[] => {
        const candidates = (due.all({ now, limit: ids ? -1 : limit }) as { id: number }[])
          .map((r) => r.id)
          .filter((id) => !ids || ids.includes(id))
          .slice(0, limit);
        return candidates
          .map((id) => lease.get({ id, owner, until: now + leaseMs, now }) as OutboxRow | undefined)
          .filter((row): row is OutboxRow => row !== undefined);
      });
    },

    markSent(id: number, status: number | undefined, now: number): void {
      sent.run({ id, status: status ?? null, now });
    },

    /** False when the lease was lost (another deliverer owns the row now). */
    markRetry(
      id: number,
      owner: string,
      next: number,
      status: number | undefined,
      error: string,
      now: number,
    ): boolean {
      return retry.run({ id, owner, next, status: status ?? null, error, now }).changes === 1;
    },

    markFailed(
      id: number,
      owner: string,
      status: number | undefined,
      error: string,
      now: number,
    ): boolean {
      return failed.run({ id, owner, status: status ?? null, error, now }).changes === 1;
    },

    list(state: OutboxState | undefined, limit: number): OutboxRow[] {
      const sql = `SELECT * FROM notify_outbox ${state ? 'WHERE state = @state' : ''}
        ORDER BY id DESC LIMIT @limit`;
      return db.prepare(sql).all({ limit, ...(state ? { state } : {}) }) as OutboxRow[];
    },

    get(id: number): OutboxRow | undefined {
      return db.prepare('SELECT * FROM notify_outbox WHERE id = ?').get(id) as
        OutboxRow | undefined;
    },

    /** When the earliest pending row may be tried (its lease, if any, run out), or undefined. */
    nextDueAt(): number | undefined {
      const row = nextDue.get() as { at: number | null };
      return row.at ?? undefined;
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
