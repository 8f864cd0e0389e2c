import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';
import { SlurmdeckError } from '../core/errors.js';
import { migrate, type Db } from '../store/index.js';
import { createAuditLog } from './audit-log.js';

const MIGRATIONS = [
  `CREATE TABLE confirmations (
     token_hash TEXT PRIMARY KEY,
     action TEXT NOT NULL,
     principal TEXT NOT NULL,
     binding_hash TEXT NOT NULL,
     summary TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     used_at INTEGER
   );`,
];

/**
 * The MCP face's tables before the store moved here; databases made then still step through
 * them (the second step carries old audit rows over), and the third drops its token table.
 */
const MCP_MIGRATIONS = [
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
  // Confirm tokens of every face live in `confirmations` now (a pending one is asked for again).
  `DROP TABLE mcp_confirmations;`,
];

/** How long a confirm token stays good: long enough to ask a person, short enough to go stale. */
export const CONFIRM_TTL_MS = 5 * 60_000;

/** What a token is bound to: the action (a tool or route), who asked (if known), the exact arguments. */
export interface ConfirmBinding {
  action: string;
  /** An API token's name; empty or absent where the face has no names (MCP, CLI). */
  principal?: string;
  args: object;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const bindingHash = (b: ConfirmBinding) =>
  sha256(canonicalJson({ action: b.action, principal: b.principal ?? '', args: b.args }));

/**
 * Single-use confirm tokens for actions that cancel, end or spend, shared by every face: the
 * first call gets a summary and a token bound to the action, the caller and the exact arguments
 * (whatever their key order); the second call carries it. Only hashes are stored, in SQLite, so
 * a restart between the two calls still honours the token.
 */
export function createConfirmations(db: Db, now: () => number = Date.now) {
  createAuditLog(db); // the audit table first: an old MCP step moves rows into it
  migrate(db, 'mcp', MCP_MIGRATIONS);
  migrate(db, 'confirmations', MIGRATIONS);
  return {
    issue(
      binding: ConfirmBinding,
      options: { summary?: string; ttlMs?: number } = {},
    ): { token: string; expiresAt: string } {
      const token = `confirm-${randomBytes(18).toString('base64url')}`;
      const at = now();
      const ttlMs = options.ttlMs ?? CONFIRM_TTL_MS;
      db.prepare('DELETE FROM confirmations WHERE expires_at < ?').run(at - 86_400_000);
      db.prepare(
        `INSERT INTO confirmations
           (token_hash, action, principal, binding_hash, summary, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        sha256(token),
        binding.action,
        binding.principal ?? '',
        bindingHash(binding),
        options.summary ?? '',
        at,
        at + ttlMs,
      );
      return { token, expiresAt: new Date(at + ttlMs).toISOString() };
    },

    /** Uses up the token, or throws CONFIRMATION_INVALID saying why; nothing acts on a throw. */
    consume(token: string, binding: ConfirmBinding): void {
      const at = now();
      const hash = sha256(token);
      const used = db
        .prepare(
          `UPDATE confirmations SET used_at = ?
           WHERE token_hash = ? AND binding_hash = ? AND used_at IS NULL AND expires_at > ?`,
        )
        .run(at, hash, bindingHash(binding), at).changes;
      if (used === 1) return;
      const row = db
        .prepare(
          'SELECT action, principal, expires_at, used_at FROM confirmations WHERE token_hash = ?',
        )
        .get(hash) as
        | { action: string; principal: string; expires_at: number; used_at: number | null }
        | undefined;
      const why = !row
        ? 'is not one this server issued'
        : row.used_at !== null
          ? 'was already used'
          : row.expires_at <= at
            ? 'has expired'
            : row.action !== binding.action
              ? `was issued for ${row.action}, not ${binding.action}`
              : row.principal !== (binding.principal ?? '')
                ? 'was issued to another caller'
                : 'was issued for other arguments';
      throw new SlurmdeckError(
        'CONFIRMATION_INVALID',
        `the confirm token ${why}; nothing was done`,
        {
          hint: 'Make the same call again without confirmToken for a fresh summary and token, and confirm with the user before using it.',
        },
      );
    },
  };
}

export type Confirmations = ReturnType<typeof createConfirmations>;
