import { createHash, randomBytes } from 'node:crypto';
import { SlurmdeckError } from '../core/errors.js';
import { createAuditLog } from '../audit/index.js';
import { migrate, type Db } from '../store/index.js';
import { canonicalJson } from './canonical-json.js';

const MIGRATIONS = [
  `CREATE TABLE mcp_confirmations (
     token_hash TEXT PRIMARY KEY,
     tool TEXT NOT NULL,
     args_hash TEXT NOT NULL,
     summary TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     used_at INTEGER
   );
   CREATE TABLE mcp_audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     tool TEXT NOT NULL,
     cluster TEXT NOT NULL,
     args TEXT NOT NULL,
     confirmed_via TEXT NOT NULL
   );`,
  // The audit log moved down to audit/audit-log.ts, shared by every face: carry the rows over.
  `INSERT INTO audit_log (at, face, action, cluster, target, confirmed_via, outcome)
     SELECT at, 'mcp',
            CASE tool WHEN 'cancel_jobs' THEN 'job.cancel' WHEN 'session_stop' THEN 'session.stop'
                      ELSE tool END,
            cluster, args, confirmed_via, 'done'
     FROM mcp_audit;
   DROP TABLE mcp_audit;`,
];

/** How long a confirm token stays good: long enough to ask a person, short enough to go stale. */
export const CONFIRM_TTL_MS = 5 * 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const argsHash = (tool: string, args: object) => sha256(`${tool}\0${canonicalJson(args)}`);

/**
 * Single-use confirm tokens for destructive tools, bound to the tool and its exact arguments, in
 * SQLite so a server restarted between the two calls still honours them. Only a hash of each
 * token is stored. What was confirmed goes to the audit log (audit/audit-log.ts).
 */
export function createConfirmStore(db: Db, now: () => number = Date.now) {
  createAuditLog(db); // the audit table first: a migration below moves rows into it
  migrate(db, 'mcp', MIGRATIONS);
  return {
    issue(tool: string, args: object, summary: string, ttlMs = CONFIRM_TTL_MS) {
      const token = `confirm-${randomBytes(18).toString('base64url')}`;
      const at = now();
      db.prepare('DELETE FROM mcp_confirmations WHERE expires_at < ?').run(at - 86_400_000);
      db.prepare(
        `INSERT INTO mcp_confirmations (token_hash, tool, args_hash, summary, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(sha256(token), tool, argsHash(tool, args), summary, at, at + ttlMs);
      return { token, expiresAt: new Date(at + ttlMs).toISOString() };
    },

    /** Uses up the token, or throws CONFIRMATION_INVALID saying why; nothing acts on a throw. */
    consume(token: string, tool: string, args: object): void {
      const at = now();
      const hash = sha256(token);
      const used = db
        .prepare(
          `UPDATE mcp_confirmations SET used_at = ?
           WHERE token_hash = ? AND tool = ? AND args_hash = ? AND used_at IS NULL AND expires_at > ?`,
        )
        .run(at, hash, tool, argsHash(tool, args), at).changes;
      if (used === 1) return;
      const row = db
        .prepare(
          'SELECT tool, args_hash, expires_at, used_at FROM mcp_confirmations WHERE token_hash = ?',
        )
        .get(hash) as
        { tool: string; args_hash: string; expires_at: number; used_at: number | null } | undefined;
      const why = !row
        ? 'is not one this server issued'
        : row.used_at !== null
          ? 'was already used'
          : row.expires_at <= at
            ? 'has expired'
            : row.tool !== tool
              ? `was issued for ${row.tool}, not ${tool}`
              : 'was issued for other arguments';
      throw new SlurmdeckError(
        'CONFIRMATION_INVALID',
        `the confirm token ${why}; nothing was done`,
        {
          hint: `Call ${tool} again without confirmToken to get a fresh summary and token, and confirm with the user before using it.`,
        },
      );
    },
  };
}

export type ConfirmStore = ReturnType<typeof createConfirmStore>;
