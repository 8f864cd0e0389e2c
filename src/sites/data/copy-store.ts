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
      }>
    ).map((r) => ({
      id: r.id,
      cluster: r.cluster,
      source: r.source,
      target: r.target,
      startedAt: r.started_at,
      rsyncArgs: JSON.parse(r.rsync_args) as string[],
      parallel: r.parallel,
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
    get: (id: string): CopyRow | undefined => all().find((r) => r.id === id),
    list: all,
  };
}

export type CopyStore = ReturnType<typeof createCopyStore>;
