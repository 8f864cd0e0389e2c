import { migrate, type Db } from '../store/index.js';
import { LIVE_PHASES, type BadNode, type Phase } from './types.js';

/** The local index: what we need to find a session on the cluster again. Nothing more. */
const STEPS = [
  `CREATE TABLE sessions (
    cluster TEXT NOT NULL,
    name TEXT NOT NULL,
    tmux TEXT NOT NULL,
    nonce TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    options TEXT NOT NULL,
    phase TEXT NOT NULL,
    reason TEXT,
    job_id TEXT,
    node TEXT,
    cursor INTEGER NOT NULL DEFAULT 0,
    pending_id TEXT,
    pending_offset INTEGER,
    released INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (cluster, name)
  )`,
  `CREATE TABLE session_bad_nodes (
    cluster TEXT NOT NULL,
    node TEXT NOT NULL,
    reason TEXT NOT NULL,
    marked_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (cluster, node)
  )`,
  // A tmux name is unique per start: rows are changed by it, so an older start never touches
  // the row of a newer session of the same name.
  `CREATE UNIQUE INDEX sessions_tmux ON sessions (cluster, tmux)`,
  // 1/0: the session's terminal was seen with/without `stty ixon`; NULL: not yet looked.
  `ALTER TABLE sessions ADD COLUMN flow_control INTEGER`,
];

/** How long a node stays excluded after a session found it bad. */
export const BAD_NODE_TTL_S = 24 * 3600;

export interface SessionOptions {
  srunArgs: string[];
  exclude: string[];
  healthCommand?: string;
  idleReleaseMinutes?: number;
  container: boolean;
}

export interface SessionRow {
  cluster: string;
  name: string;
  tmux: string;
  /** Frames this session's markers (`@@MARKER@@`); unique per start. */
  marker: string;
  createdAt: number;
  options: SessionOptions;
  phase: Phase;
  reason: string | undefined;
  jobId: string | undefined;
  node: string | undefined;
  cursor: number;
  pendingId: string | undefined;
  pendingOffset: number | undefined;
  released: boolean;
  /** Whether the terminal swallows ctrl-q (`stty ixon`), once an exec has looked. */
  flowControl?: boolean | undefined;
}

interface RawRow {
  cluster: string;
  name: string;
  tmux: string;
  nonce: string;
  created_at: number;
  options: string;
  phase: string;
  reason: string | null;
  job_id: string | null;
  node: string | null;
  cursor: number;
  pending_id: string | null;
  pending_offset: number | null;
  released: number;
  flow_control: number | null;
}

// The column holds the whole marker; sessions started by older versions stored only its hex
// part, and their wrappers still print `@@SDK<hex>@@`.
const markerOf = (stored: string) => (/^[0-9a-f]+$/.test(stored) ? `SDK${stored}` : stored);

const fromRaw = (r: RawRow): SessionRow => ({
  cluster: r.cluster,
  name: r.name,
  tmux: r.tmux,
  marker: markerOf(r.nonce),
  createdAt: r.created_at,
  options: JSON.parse(r.options) as SessionOptions,
  phase: r.phase as Phase,
  reason: r.reason ?? undefined,
  jobId: r.job_id ?? undefined,
  node: r.node ?? undefined,
  cursor: r.cursor,
  pendingId: r.pending_id ?? undefined,
  pendingOffset: r.pending_offset ?? undefined,
  released: r.released === 1,
  flowControl: r.flow_control === null ? undefined : r.flow_control === 1,
});

export type SessionUpdate = Partial<
  Pick<SessionRow, 'phase' | 'reason' | 'jobId' | 'node' | 'cursor' | 'released' | 'flowControl'>
>;

const COLUMNS: Record<keyof SessionUpdate, string> = {
  phase: 'phase',
  reason: 'reason',
  jobId: 'job_id',
  node: 'node',
  cursor: 'cursor',
  released: 'released',
  flowControl: 'flow_control',
};

export function createSessionStore(db: Db, cluster: string) {
  migrate(db, 'sessions', STEPS);
  const get = (name: string): SessionRow | undefined => {
    const row = db
      .prepare('SELECT * FROM sessions WHERE cluster = ? AND name = ?')
      .get(cluster, name) as RawRow | undefined;
    return row ? fromRaw(row) : undefined;
  };
  return {
    get,
    list(): SessionRow[] {
      const rows = db
        .prepare('SELECT * FROM sessions WHERE cluster = ? ORDER BY created_at')
        .all(cluster) as RawRow[];
      return rows.map(fromRaw);
    },
    /** The row of one start, by its tmux name (unique per start). */
    byTmux(tmux: string): SessionRow | undefined {
      const row = db
        .prepare('SELECT * FROM sessions WHERE cluster = ? AND tmux = ?')
        .get(cluster, tmux) as RawRow | undefined;
      return row ? fromRaw(row) : undefined;
    },
    /**
     * Claims the name for a new start, in one statement: adds the row, or replaces a row of
     * the same name whose session is over. False, and nothing written, when a live session
     * holds the name (another start may have claimed it a moment ago, from another process).
     */
    claim(row: Omit<SessionRow, 'cluster'>): boolean {
      const live = LIVE_PHASES.map(() => '?').join(', ');
      const result = db
        .prepare(
          `INSERT INTO sessions (cluster, name, tmux, nonce, created_at, options, phase, cursor)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0)
           ON CONFLICT(cluster, name) DO UPDATE SET tmux = excluded.tmux, nonce = excluded.nonce,
             created_at = excluded.created_at, options = excluded.options, phase = excluded.phase,
             reason = NULL, job_id = NULL, node = NULL, cursor = 0, pending_id = NULL,
             pending_offset = NULL, released = 0, flow_control = NULL
           WHERE sessions.phase NOT IN (${live})`,
        )
        .run(
          cluster,
          row.name,
          row.tmux,
          row.marker,
          row.createdAt,
          JSON.stringify(row.options),
          row.phase,
          ...LIVE_PHASES,
        );
      return result.changes === 1;
    },
    /** Removes the row of one start (by tmux name), never a newer one of the same name. */
    remove(tmux: string): void {
      db.prepare('DELETE FROM sessions WHERE cluster = ? AND tmux = ?').run(cluster, tmux);
    },
    /** Changes the row of one start (by tmux name); a no-op once a newer start took the name. */
    update(tmux: string, changes: SessionUpdate): void {
      const keys = (Object.keys(changes) as Array<keyof SessionUpdate>).filter(
        (k) => changes[k] !== undefined,
      );
      if (keys.length === 0) return;
      const values = keys.map((k) => {
        const v = changes[k];
        return typeof v === 'boolean' ? (v ? 1 : 0) : v;
      });
      db.prepare(
        `UPDATE sessions SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')} WHERE cluster = ? AND tmux = ?`,
      ).run(...values, cluster, tmux);
    },
    /** Claims the shell for one command: fails when another claim got there first. */
    swapPending(
      tmux: string,
      from: string | undefined,
      to: { id: string; offset: number } | undefined,
    ): boolean {
      const result = db
        .prepare(
          `UPDATE sessions SET pending_id = ?, pending_offset = ?
           WHERE cluster = ? AND tmux = ? AND pending_id IS ?`,
        )
        .run(to?.id ?? null, to?.offset ?? null, cluster, tmux, from ?? null);
      return result.changes === 1;
    },
    setPendingOffset(tmux: string, id: string, offset: number): void {
      db.prepare(
        'UPDATE sessions SET pending_offset = ? WHERE cluster = ? AND tmux = ? AND pending_id = ?',
      ).run(offset, cluster, tmux, id);
    },
    /** Idempotent: the same event seen twice keeps its first time, so expiry does not move. */
    markBad(node: string, reason: string, at: number): void {
      db.prepare(
        `INSERT INTO session_bad_nodes (cluster, node, reason, marked_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(cluster, node) DO UPDATE SET reason = excluded.reason, marked_at = excluded.marked_at,
           expires_at = excluded.expires_at WHERE excluded.marked_at > session_bad_nodes.marked_at`,
      ).run(cluster, node, reason, at, at + BAD_NODE_TTL_S);
    },
    badNodes(now: number): BadNode[] {
      const rows = db
        .prepare(
          'SELECT node, reason, marked_at, expires_at FROM session_bad_nodes WHERE cluster = ? AND expires_at > ? ORDER BY node',
        )
        .all(cluster, now) as Array<{
        node: string;
        reason: string;
        marked_at: number;
        expires_at: number;
      }>;
      return rows.map((r) => ({
        node: r.node,
        reason: r.reason,
        markedAt: r.marked_at,
        expiresAt: r.expires_at,
      }));
    },
    clearBadNodes(): number {
      return db.prepare('DELETE FROM session_bad_nodes WHERE cluster = ?').run(cluster).changes;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
