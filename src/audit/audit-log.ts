import { migrate, type Db } from '../store/index.js';

const MIGRATIONS = [
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     face TEXT NOT NULL,
     action TEXT NOT NULL,
     cluster TEXT NOT NULL,
     target TEXT NOT NULL,
     confirmed_via TEXT NOT NULL,
     outcome TEXT NOT NULL
   );
   CREATE INDEX audit_log_at ON audit_log (at);`,
  // Who on the face: the HTTP API's token name; empty for the CLI and MCP.
  `ALTER TABLE audit_log ADD COLUMN actor TEXT NOT NULL DEFAULT ''`,
];

/**
 * What a user did: every action that cancels, ends or spends (once confirmed and tried), and,
 * where a face records everything (the HTTP API), the other changes too.
 */
export type AuditAction =
  | 'job.cancel'
  | 'job.submit'
  | 'session.stop'
  | 'session.start'
  | 'job.watch'
  | 'notify.test'
  | 'session.exec'
  | 'session.send'
  | 'session.ctrl'
  | 'data.copy'
  | 'data.cancel'
  | 'data.resume'
  | 'session.attach'
  | 'node.drain'
  | 'node.resume'
  | 'admin.sync-munge'
  | 'admin.sync-conf'
  | 'admin.sync-ssh'
  | 'admin.start'
  | 'admin.restart'
  | 'admin.recover'
  | 'admin.init';

/** Where the action came from (`cli`, `mcp`, `http`, or a library user's own name). */
export type AuditFace = string;
/** How the person said yes. */
export type ConfirmedVia = 'prompt' | 'yes-flag' | 'elicitation' | 'token' | 'not-needed';

/**
 * What the action was about: ids, names, resources. Never contents (script text, commands'
 * output) and never credentials: values of keys that name a secret are masked, and every
 * string goes through the caller's redactor too.
 */
export type AuditTarget = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface AuditRecord {
  /** Default: the face the log was opened for. */
  face?: AuditFace;
  /** Default: the actor the log was opened for (e.g. an API token's name). */
  actor?: string;
  action: AuditAction;
  cluster: string;
  target: AuditTarget;
  confirmedVia: ConfirmedVia;
}

export interface AuditEntry extends AuditRecord {
  face: AuditFace;
  actor: string;
  id: number;
  at: number;
  /** `done`, or `failed: CODE` when the action was tried and threw. */
  outcome: string;
}

const SECRET_KEY = /password|passwd|secret|token|api[_-]?key|credential/i;
const MASK = '***';

function clean(target: AuditTarget, redact: (text: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(target)) {
    if (value === undefined) continue;
    if (SECRET_KEY.test(key)) out[key] = MASK;
    else if (typeof value === 'string') out[key] = redact(value);
    else if (Array.isArray(value)) out[key] = value.map(redact);
    else out[key] = value;
  }
  return out;
}

function outcomeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return `failed: ${typeof code === 'string' ? code : 'INTERNAL'}`;
}

export interface AuditFilter {
  face?: string;
  actor?: string;
  action?: string;
  /** Only entries older than this id: the next page after the last one shown. */
  beforeId?: number;
}

/**
 * The audit log of risky actions, whichever face took them (design decision 5), in the state
 * database. A row says who-where-what and how it was confirmed; it holds no secrets.
 */
export interface AuditLogOptions {
  /** The face writing: every record names it unless it says otherwise. */
  face?: AuditFace;
  actor?: string;
  redact?: (text: string) => string;
  now?: () => number;
}

export function createAuditLog(db: Db, options: AuditLogOptions = {}) {
  migrate(db, 'audit', MIGRATIONS);
  const redact = options.redact ?? ((text: string) => text);
  const now = options.now ?? Date.now;
  const insert = db.prepare(
    `INSERT INTO audit_log (at, face, actor, action, cluster, target, confirmed_via, outcome)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const record = (entry: AuditRecord, outcome: string): void => {
    insert.run(
      now(),
      entry.face ?? options.face ?? 'library',
      entry.actor ?? options.actor ?? '',
      entry.action,
      entry.cluster,
      JSON.stringify(clean(entry.target, redact)),
      entry.confirmedVia,
      outcome,
    );
  };

  return {
    record,

    /** Runs a confirmed action and writes it down, whether it worked or threw. */
    async run<T>(entry: AuditRecord, action: () => Promise<T>): Promise<T> {
      let result: T;
      try {
        result = await action();
      } catch (error) {
        record(entry, outcomeOf(error));
        throw error;
      }
      record(entry, 'done');
      return result;
    },

    /** The latest entries, newest first; a filter narrows them, `beforeId` pages back. */
    entries(limit = 100, filter: AuditFilter = {}): AuditEntry[] {
      const where: string[] = [];
      const params: Array<string | number> = [];
      for (const column of ['face', 'actor', 'action'] as const) {
        const value = filter[column];
        if (value === undefined) continue;
        where.push(`${column} = ?`);
        params.push(value);
      }
      if (filter.beforeId !== undefined) {
        where.push('id < ?');
        params.push(filter.beforeId);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const rows = db
        .prepare(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT ?`)
        .all(...params, limit) as Array<{
        id: number;
        at: number;
        face: AuditFace;
        actor: string;
        action: AuditAction;
        cluster: string;
        target: string;
        confirmed_via: ConfirmedVia;
        outcome: string;
      }>;
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        face: r.face,
        actor: r.actor,
        action: r.action,
        cluster: r.cluster,
        target: JSON.parse(r.target) as AuditTarget,
        confirmedVia: r.confirmed_via,
        outcome: r.outcome,
      }));
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
