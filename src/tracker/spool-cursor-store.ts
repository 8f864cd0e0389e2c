import { migrate, writeTransaction, type Db } from '../store/index.js';
import type { SpoolCursor } from './spool-cursor.js';

/** Schema steps of the 'tracker-spool' component; a released step never changes. */
const STEPS = [
  `CREATE TABLE tracker_spool_cursors (
     cluster TEXT NOT NULL,
     path TEXT NOT NULL,
     kind TEXT NOT NULL,
     cursor TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (cluster, path)
   );`,
];

/** What a cursor belongs to: a spool NDJSON file, or a TensorBoard event file. */
export type CursorKind = 'spool' | 'tfevents';

/**
 * Where the tailers' offsets survive a crash: one row per (cluster, file path), saved by the
 * caller after it applied what the cursor covers (in the same transaction when it can).
 */
export function createSpoolCursorStore(db: Db, now: () => number = Date.now) {
  migrate(db, 'tracker-spool', STEPS);
  const upsert = db.prepare(
    `INSERT INTO tracker_spool_cursors (cluster, path, kind, cursor, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (cluster, path) DO UPDATE SET kind = excluded.kind, cursor = excluded.cursor, updated_at = excluded.updated_at`,
  );
  const select = db.prepare(
    'SELECT cursor FROM tracker_spool_cursors WHERE cluster = ? AND kind = ? ORDER BY path',
  );
  const remove = db.prepare('DELETE FROM tracker_spool_cursors WHERE cluster = ? AND path = ?');

  return {
    /** Saves cursors, all or none. */
    save<C extends { path: string }>(
      cluster: string,
      kind: CursorKind,
      cursors: readonly C[],
    ): void {
      writeTransaction(db, () => {
        for (const cursor of cursors)
          upsert.run(cluster, cursor.path, kind, JSON.stringify(cursor), now());
      });
    },
    /** The cursors saved for a cluster, to hand to a tailer's restore(). */
    load<C = SpoolCursor>(cluster: string, kind: CursorKind): C[] {
      return (select.all(cluster, kind) as { cursor: string }[]).map(
        (row) => JSON.parse(row.cursor) as C,
      );
    },
    forget(cluster: string, path: string): void {
      remove.run(cluster, path);
    },
  };
}

export type SpoolCursorStore = ReturnType<typeof createSpoolCursorStore>;
