import { createHash, randomBytes } from 'node:crypto';
import { SlurmdeckError } from '../core/errors.js';
import type { Db } from '../store/index.js';
import { createJobTokens, type JobTokenHolder, type JobTokenInfo } from '../tracker/index.js';
import { JOB_ROLE, ROLES, type ApiRole, type Principal } from './roles.js';
import { migrateServer } from './schema-migrations.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PREFIX = 'slurmdeck_';
// Tokens issued by older versions: still theirs until revoked.
const OLD_PREFIX = 'sdk_';

export interface TokenInfo {
  name: string;
  role: ApiRole;
  createdAt: number;
  lastUsedAt: number | undefined;
}

interface TokenRow {
  name: string;
  role: ApiRole;
  created_at: number;
  last_used_at: number | null;
}

/** A job token as `serve token list` shows it: named as its principal is (`job-CLUSTER-JOBID`). */
export interface JobTokenView extends JobTokenInfo {
  name: string;
}

/** The name a job token goes by in refusals, the audit and the token list. */
export const jobTokenName = (holder: JobTokenHolder) =>
  `job-${holder.cluster}-${holder.jobId ?? holder.id}`;

// Tokens are 256 random bits: a plain SHA-256 is enough, no slow hash needed.
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** API tokens for `Authorization: Bearer`, kept only as hashes in the state database. */
const LAST_USED_EVERY_MS = 60_000;

export function createTokenStore(db: Db, now: () => number = Date.now) {
  migrateServer(db);
  const written = new Map<string, number>();
  const jobTokens = createJobTokens(db, now);
  return {
    /** A new token for `name`; the only time its text exists outside the caller. */
    create(name: string, role: ApiRole): string {
      if (!NAME.test(name)) {
        throw new SlurmdeckError('INVALID_ARGUMENT', `token name "${name}" is not allowed`, {
          hint: 'Use up to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.',
        });
      }
      if (!(ROLES as readonly string[]).includes(role)) {
        throw new SlurmdeckError('INVALID_ARGUMENT', `unknown role "${String(role)}"`, {
          hint: `Use one of ${ROLES.join(', ')}.`,
        });
      }
      const token = PREFIX + randomBytes(32).toString('base64url');
      try {
        db.prepare('INSERT INTO api_tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)').run(
          name,
          role,
          hashOf(token),
          now(),
        );
      } catch (error) {
        if (String(error).includes('UNIQUE')) {
          throw new SlurmdeckError('INVALID_ARGUMENT', `a token named "${name}" exists`, {
            hint: `Revoke it first (slurmdeck serve token revoke ${name}) or pick another name.`,
          });
        }
        throw error;
      }
      return token;
    },

    list(): TokenInfo[] {
      const rows = db
        .prepare('SELECT name, role, created_at, last_used_at FROM api_tokens ORDER BY name')
        .all() as TokenRow[];
      return rows.map((row) => ({
        name: row.name,
        role: row.role,
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at ?? undefined,
      }));
    },

    /** True when a token of that name existed; it stops working at once. */
    revoke(name: string): boolean {
      return db.prepare('DELETE FROM api_tokens WHERE name = ?').run(name).changes > 0;
    },

    /** Who holds `token`, or undefined for an unknown or revoked one. */
    verify(token: string): Principal | undefined {
      if (!token.startsWith(PREFIX) && !token.startsWith(OLD_PREFIX)) return undefined;
      const hash = hashOf(token);
      const row = db.prepare('SELECT name, role FROM api_tokens WHERE hash = ?').get(hash) as
        { name: string; role: ApiRole } | undefined;
      if (!row) return undefined;
      // "Last used" to the minute: a durable write per request would cost every call an fsync.
      const at = now();
      if (at - (written.get(hash) ?? -Infinity) >= LAST_USED_EVERY_MS) {
        written.set(hash, at);
        db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE hash = ?').run(at, hash);
      }
      return { name: row.name, role: row.role, via: 'token' };
    },

    /** The job tokens that still work (submit makes them, one per job). */
    listJobs(): JobTokenView[] {
      return jobTokens.list().map((info) => ({ ...info, name: jobTokenName(info) }));
    },

    /** Revokes every live job token going by `name` (a job id reused can make two); how many. */
    revokeJob(name: string): number {
      return jobTokens
        .list()
        .filter((info) => jobTokenName(info) === name)
        .filter((info) => jobTokens.revoke(info.id)).length;
    },

    /** A job's tracker token (made by submit): role `tracker`, named after its job. */
    verifyJob(token: string): Principal | undefined {
      const holder = jobTokens.verify(token);
      if (!holder) return undefined;
      return {
        name: jobTokenName(holder),
        role: JOB_ROLE,
        via: 'token',
        job: { cluster: holder.cluster, jobId: holder.jobId },
      };
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
