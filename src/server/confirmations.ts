import { createHash, randomBytes } from 'node:crypto';
import { SlurmdeckError } from '../core/errors.js';
import type { Db } from '../store/index.js';
import { migrateServer } from './schema-migrations.js';

/** How long a confirm token stays good: long enough to ask a person, short enough to go stale. */
export const CONFIRM_TTL_MS = 5 * 60_000;

/** JSON with keys sorted at every level and undefined left out: equal arguments, equal text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) out[key] = canonical(item);
  }
  return out;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What a token is bound to: the action, who asked, and the exact arguments. */
export interface Binding {
  action: string;
  principal: string;
  args: Record<string, unknown>;
}

const bindingHash = (b: Binding) => sha256(JSON.stringify(canonical(b)));

/**
 * Single-use confirm tokens for actions that cancel or spend: the first call gets a summary and
 * a token bound to the action, the caller and the arguments; the second call carries it. Only
 * hashes are stored, in SQLite, so a restart between the two calls still honours the token.
 */
export function createConfirmations(db: Db, now: () => number = Date.now) {
  migrateServer(db);
  return {
    issue(binding: Binding, ttlMs = CONFIRM_TTL_MS): { token: string; expiresAt: string } {
      const token = `confirm-${randomBytes(18).toString('base64url')}`;
      const at = now();
      db.prepare('DELETE FROM http_confirmations WHERE expires_at < ?').run(at - 86_400_000);
      db.prepare(
        'INSERT INTO http_confirmations (token_hash, binding, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ).run(sha256(token), bindingHash(binding), at, at + ttlMs);
      return { token, expiresAt: new Date(at + ttlMs).toISOString() };
    },

    /** Uses up the token, or throws CONFIRMATION_INVALID saying why; nothing acts on a throw. */
    consume(token: string, binding: Binding): void {
      const at = now();
      const hash = sha256(token);
      const used = db
        .prepare(
          `UPDATE http_confirmations SET used_at = ?
           WHERE token_hash = ? AND binding = ? AND used_at IS NULL AND expires_at > ?`,
        )
        .run(at, hash, bindingHash(binding), at).changes;
      if (used === 1) return;
      const row = db
        .prepare('SELECT expires_at, used_at FROM http_confirmations WHERE token_hash = ?')
        .get(hash) as { expires_at: number; used_at: number | null } | undefined;
      const why = !row
        ? 'is not one this server issued'
        : row.used_at !== null
          ? 'was already used'
          : row.expires_at <= at
            ? 'has expired'
            : 'was issued for another action or other arguments';
      throw new SlurmdeckError(
        'CONFIRMATION_INVALID',
        `the confirm token ${why}; nothing was done`,
        {
          hint: 'Send the request again without confirmToken for a fresh summary and token.',
        },
      );
    },
  };
}

export type Confirmations = ReturnType<typeof createConfirmations>;
