import { migrate, type Db } from '../store/index.js';
import type { EventKind, NewEvent, StoredEvent } from './types.js';

/** Schema steps of the 'events' component; a released step never changes. */
const STEPS = [
  `CREATE TABLE events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     cluster TEXT,
     subject TEXT NOT NULL,
     once_key TEXT NOT NULL,
     payload TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     UNIQUE (kind, subject, once_key)
   );
   CREATE INDEX events_by_cluster ON events (cluster, id);
   -- Each consumer (an agent, a dashboard) acknowledges on its own: one's ack never hides
   -- events from another.
   CREATE TABLE event_consumers (
     consumer TEXT PRIMARY KEY,
     acked_id INTEGER NOT NULL
   );`,
];

export interface ReadOptions {
  /** Only events after this id. */
  after?: number;
  /** Only events this consumer has not acknowledged. */
  consumer?: string;
  cluster?: string;
  /** Only kinds that start with this, e.g. `job.`. */
  kindPrefix?: string;
  limit?: number;
}

interface EventRow {
  id: number;
  kind: string;
  cluster: string | null;
  subject: string;
  payload: string;
  created_at: number;
}

const toEvent = (row: EventRow): StoredEvent =>
  ({
    id: row.id,
    kind: row.kind,
    cluster: row.cluster ?? undefined,
    subject: row.subject,
    payload: JSON.parse(row.payload) as unknown,
    createdAt: row.created_at,
  }) as StoredEvent;

/**
 * The one durable event log, in SQLite: any capability appends, any face reads after a cursor,
 * and each consumer keeps its own acknowledgements, so a restart loses and repeats nothing.
 */
export function createEventLog(db: Db, now: () => number = Date.now) {
  migrate(db, 'events', STEPS);
  const insert = db.prepare(
    `INSERT INTO events (kind, cluster, subject, once_key, payload, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const acked = (consumer: string): number =>
    (
      db.prepare('SELECT acked_id FROM event_consumers WHERE consumer = ?').get(consumer) as
        { acked_id: number } | undefined
    )?.acked_id ?? 0;

  return {
    /** Appends one event; false when it had happened already (same kind, subject and once). */
    append<K extends EventKind>(event: NewEvent<K>): boolean {
      const { kind, cluster, subject, once = '', payload } = event;
      return (
        insert.run(kind, cluster ?? null, subject, once, JSON.stringify(payload), now()).changes ===
        1
      );
    },

    /** Events in the order they happened, after `after` and the consumer's acknowledgement. */
    read(options: ReadOptions = {}): StoredEvent[] {
      const from = Math.max(options.after ?? 0, options.consumer ? acked(options.consumer) : 0);
      const where = ['id > ?'];
      const params: unknown[] = [from];
      if (options.cluster !== undefined) {
        where.push('cluster = ?');
        params.push(options.cluster);
      }
      if (options.kindPrefix) {
        where.push('substr(kind, 1, ?) = ?');
        params.push(options.kindPrefix.length, options.kindPrefix);
      }
      const rows = db
        .prepare(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`)
        .all(...params, options.limit ?? 100) as EventRow[];
      return rows.map(toEvent);
    },

    /** The id of the latest event (of a cluster), or 0: a reader that wants only what comes next. */
    lastId(cluster?: string): number {
      const row = (
        cluster === undefined
          ? db.prepare('SELECT MAX(id) AS id FROM events').get()
          : db.prepare('SELECT MAX(id) AS id FROM events WHERE cluster = ?').get(cluster)
      ) as { id: number | null };
      return row.id ?? 0;
    },

    /** Marks every event up to `upToId` as seen by `consumer`; never moves its cursor back. */
    ack(consumer: string, upToId: number): void {
      db.prepare(
        `INSERT INTO event_consumers (consumer, acked_id) VALUES (?, ?)
         ON CONFLICT(consumer) DO UPDATE SET acked_id = MAX(acked_id, excluded.acked_id)`,
      ).run(consumer, upToId);
    },

    acked,
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
