import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from './roles.js';

export const LOGIN_CODE_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 12 * 60 * 60_000;

// Maps are keyed by hashes, so a lookup's timing says nothing about the secret.
const key = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const secret = () => randomBytes(32).toString('base64url');

/**
 * Single-use login codes (the link `serve` prints) and the browser sessions they turn into.
 * Held in memory: a restarted server prints a new link and old cookies stop working.
 */
export function createLogins(now: () => number = Date.now) {
  const codes = new Map<string, number>();
  const sessions = new Map<string, { principal: Principal; expiresAt: number }>();
  const prune = () => {
    const t = now();
    for (const [k, expiresAt] of codes) if (expiresAt <= t) codes.delete(k);
    for (const [k, s] of sessions) if (s.expiresAt <= t) sessions.delete(k);
  };
  return {
    /** A new code, valid for ten minutes or one use, whichever ends first. */
    issueCode(): string {
      prune();
      const code = secret();
      codes.set(key(code), now() + LOGIN_CODE_TTL_MS);
      return code;
    },

    /** A session id for the browser when `code` is live; the code is spent either way. */
    redeem(code: string): string | undefined {
      const k = key(code);
      const expiresAt = codes.get(k);
      codes.delete(k);
      if (expiresAt === undefined || expiresAt <= now()) return undefined;
      const id = secret();
      sessions.set(key(id), {
        principal: { name: 'browser', role: 'admin', via: 'session' },
        expiresAt: now() + SESSION_TTL_MS,
      });
      return id;
    },

    session(id: string): Principal | undefined {
      const found = sessions.get(key(id));
      if (!found || found.expiresAt <= now()) return undefined;
      return found.principal;
    },

    endSession(id: string): void {
      sessions.delete(key(id));
    },
  };
}

export type Logins = ReturnType<typeof createLogins>;
