import { SlurmdeckError } from '../../core/errors.js';
import { migrate, type Db } from '../../store/index.js';

/** Where each copy runs, so `data status ID` finds it again; the copy itself lives on the host. */
const STEPS = [
  `CREATE TABLE data_copies (
    id TEXT PRIMARY KEY,
    cluster TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    rsync_args TEXT NOT NULL DEFAULT '[]'
  )`,
  `ALTER TABLE data_copies ADD COLUMN parallel INTEGER NOT NULL DEFAULT 1`,
  // When a look first found it ended (its event and notification went out then); NULL: not yet.
  `ALTER TABLE data_copies ADD COLUMN ended_at INTEGER`,
];

export interface CopyRow {
  id: string;
  cluster: string;
  source: string;
  target: string;
  startedAt: number;
  /** rsync options beyond ours (e.g. --bwlimit), kept so a resume runs the same command. */
  rsyncArgs: string[];
  /** rsync streams at once (1: one plain rsync). */
  parallel: number;
  /** When it was first seen ended (seconds); undefined while running or not yet looked at. */
  endedAt?: number | undefined;
}

export function createCopyStore(db: Db) {
  migrate(db, 'data-copies', STEPS);
  const all = () =>
    (
      db.prepare('SELECT * FROM data_copies ORDER BY started_at DESC, id').all() as Array<{
        id: string;
        cluster: string;
        source: string;
        target: string;
        started_at: number;
        rsync_args: string;
        parallel: number;
        ended_at: number | null;
      }>
    ).map((r) => ({
      id: r.id,
      cluster: r.cluster,
      source: r.source,
      target: r.target,
      startedAt: r.started_at,
      rsyncArgs: JSON.parse(r.rsync_args) as string[],
      parallel: r.parallel,
      endedAt: r.ended_at ?? undefined,
    }));
  return {
    add(row: CopyRow): void {
      db.prepare(
        'INSERT INTO data_copies (id, cluster, source, target, started_at, rsync_args, parallel) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        row.id,
        row.cluster,
        row.source,
        row.target,
        row.startedAt,
        JSON.stringify(row.rsyncArgs),
        row.parallel,
      );
    },
    /** Marks the copy ended once: false when another process (or look) did already. */
    markEnded(id: string, at: number): boolean {
      return (
        db
          .prepare('UPDATE data_copies SET ended_at = ? WHERE id = ? AND ended_at IS NULL')
          .run(at, id).changes === 1
      );
    },
    /** A resumed copy runs again from `at`: its next end is recorded anew, timed from then. */
    reopen(id: string, at: number): void {
      db.prepare('UPDATE data_copies SET ended_at = NULL, started_at = ? WHERE id = ?').run(at, id);
    },
    get: (id: string): CopyRow | undefined => all().find((r) => r.id === id),
    /** The copy, or an error that says how to list them (`listHint`, in the face's words). */
    require(id: string, listHint: string): CopyRow {
      const row = all().find((r) => r.id === id);
      if (!row)
        throw new SlurmdeckError('COPY_NOT_FOUND', `no copy with id ${id}`, { hint: listHint });
      return row;
    },
    list: all,
  };
}

export type CopyStore = ReturnType<typeof createCopyStore>;
