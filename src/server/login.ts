import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/index.js';
import { isRole, type Principal } from './roles.js';
import { migrateServer } from './schema-migrations.js';

export const LOGIN_CODE_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 12 * 60 * 60_000;

// 256 random bits each: a plain SHA-256 is enough, and a stolen database holds no usable secret.
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

/**
 * Single-use login codes (the link `serve` or `serve login-link` prints) and the browser
 * sessions they turn into, in the state database by hash: a restarted server keeps its
 * sessions, and another process can hand out a code the running server accepts.
 */
export function createLogins(db: Db, now: () => number = Date.now) {
  migrateServer(db);
  const prune = () => {
    const t = now();
    db.prepare('DELETE FROM login_codes WHERE expires_at <= ?').run(t);
    db.prepare('DELETE FROM login_sessions WHERE expires_at <= ?').run(t);
  };
  // One statement: of two requests racing with the same code, only one gets its row.
  const takeCode = db.prepare('DELETE FROM login_codes WHERE hash = ? RETURNING expires_at');
  const findSession = db.prepare(
    'SELECT name, role, expires_at FROM login_sessions WHERE hash = ?',
  );
  return {
    /** A new code, valid for ten minutes or one use, whichever ends first. */
    issueCode(): string {
      prune();
      const code = secret();
      db.prepare('INSERT INTO login_codes (hash, expires_at) VALUES (?, ?)').run(
        hashOf(code),
        now() + LOGIN_CODE_TTL_MS,
      );
      return code;
    },

    /** A session id for the browser when `code` is live; the code is spent either way. */
    redeem(code: string): string | undefined {
      const row = takeCode.get(hashOf(code)) as { expires_at: number } | undefined;
      if (row === undefined || row.expires_at <= now()) return undefined;
      prune();
      const id = secret();
      db.prepare(
        'INSERT INTO login_sessions (hash, name, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      ).run(hashOf(id), 'browser', 'admin', now(), now() + SESSION_TTL_MS);
      return id;
    },

    session(id: string): Principal | undefined {
      const row = findSession.get(hashOf(id)) as
        { name: string; role: string; expires_at: number } | undefined;
      if (!row || row.expires_at <= now() || !isRole(row.role)) return undefined;
      return { name: row.name, role: row.role, via: 'session' };
    },

    endSession(id: string): void {
      db.prepare('DELETE FROM login_sessions WHERE hash = ?').run(hashOf(id));
    },
  };
}

export type Logins = ReturnType<typeof createLogins>;
