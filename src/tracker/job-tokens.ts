import { createHash, randomBytes } from 'node:crypto';
import { migrate, type Db } from '../store/index.js';

/** Distinct from API tokens (`slurmdeck_`): a job token is never mistaken for one, nor taken where it is not meant. */
const PREFIX = 'slurmdeckjob_';

/** A job that never starts using its token within this long (queued, held) finds it expired. */
export const UNUSED_TOKEN_MS = 7 * 24 * 3600_000;
/** Past the job's time limit, counted from the token's first use: the client's last flush. */
export const TOKEN_MARGIN_MS = 3600_000;
/** The limit assumed when the request names none (the partition's default applies). */
export const DEFAULT_LIMIT_MS = 24 * 3600_000;

const STEPS = [
  `CREATE TABLE tracker_job_tokens (
     id TEXT PRIMARY KEY,
     hash TEXT NOT NULL UNIQUE,
     cluster TEXT NOT NULL,
     job_id TEXT,
     limit_ms INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     -- NULL until first used; then first use + limit + margin.
     expires_at INTEGER
   );`,
  // For `serve token list`; a token used before this step was first used when its clock started.
  `ALTER TABLE tracker_job_tokens ADD COLUMN first_used_at INTEGER;
   ALTER TABLE tracker_job_tokens ADD COLUMN last_used_at INTEGER;
   UPDATE tracker_job_tokens SET first_used_at = expires_at - limit_ms - ${TOKEN_MARGIN_MS},
     last_used_at = expires_at - limit_ms - ${TOKEN_MARGIN_MS} WHERE expires_at IS NOT NULL;`,
];

/** "Last used" to the minute, as for API tokens: a durable write per request would cost an fsync. */
const LAST_USED_EVERY_MS = 60_000;

/** Whether a bearer token is one of ours for a job (valid or not): its refusal says what then. */
export const isJobTokenText = (token: string) => token.startsWith(PREFIX);

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who holds a job token: the job it was made for (the id once sbatch answered). */
export interface JobTokenHolder {
  id: string;
  cluster: string;
  jobId: string | undefined;
}

/** A live job token as `serve token list` shows it: never its text, never its hash. */
export interface JobTokenInfo extends JobTokenHolder {
  createdAt: number;
  firstUsedAt: number | undefined;
  /** Its time limit plus the margin from its first use; unused, the end of its week in the queue. */
  expiresAt: number;
  lastUsedAt: number | undefined;
}

interface InfoRow {
  id: string;
  cluster: string;
  job_id: string | null;
  created_at: number;
  first_used_at: number | null;
  expires_at: number | null;
  last_used_at: number | null;
}

/**
 * Tokens that `submit` hands to a job so its tracker client can write runs online: one per
 * job, kept only as a SHA-256 hash, good for writing tracker data and nothing else (the server
 * scopes them), expiring after the job's time limit plus a margin from their first use.
 */
export function createJobTokens(db: Db, now: () => number = Date.now) {
  migrate(db, 'tracker-job-tokens', STEPS);
  const lastWritten = new Map<string, number>();
  const noteUse = (id: string, at: number) => {
    if (at - (lastWritten.get(id) ?? -Infinity) < LAST_USED_EVERY_MS) return;
    lastWritten.set(id, at);
    db.prepare('UPDATE tracker_job_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
  };
  return {
    /** A new token for a job about to be submitted; the only time its text exists here. */
    issue(cluster: string, limitMs: number | undefined): { id: string; token: string } {
      const at = now();
      db.prepare(
        'DELETE FROM tracker_job_tokens WHERE expires_at < ? OR (expires_at IS NULL AND created_at < ?)',
      ).run(at, at - UNUSED_TOKEN_MS - DEFAULT_LIMIT_MS);
      const id = randomBytes(6).toString('hex');
      const token = PREFIX + randomBytes(32).toString('base64url');
      db.prepare(
        'INSERT INTO tracker_job_tokens (id, hash, cluster, limit_ms, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(id, hashOf(token), cluster, Math.max(0, limitMs ?? DEFAULT_LIMIT_MS), at);
      return { id, token };
    },

    /** The job id sbatch gave: named in the audit and the token's principal. */
    bind(id: string, jobId: string): void {
      db.prepare('UPDATE tracker_job_tokens SET job_id = ? WHERE id = ?').run(jobId, id);
    },

    /** The submit failed, or `serve token revoke`: the token stops working at once. */
    revoke(id: string): boolean {
      return db.prepare('DELETE FROM tracker_job_tokens WHERE id = ?').run(id).changes > 0;
    },

    /** The tokens that still work (expired ones linger until the next submit clears them). */
    list(): JobTokenInfo[] {
      const at = now();
      const rows = db
        .prepare(
          `SELECT id, cluster, job_id, created_at, first_used_at, expires_at, last_used_at
           FROM tracker_job_tokens
           WHERE expires_at >= ? OR (expires_at IS NULL AND created_at >= ?)
           ORDER BY created_at, id`,
        )
        .all(at, at - UNUSED_TOKEN_MS) as InfoRow[];
      return rows.map((row) => ({
        id: row.id,
        cluster: row.cluster,
        jobId: row.job_id ?? undefined,
        createdAt: row.created_at,
        firstUsedAt: row.first_used_at ?? undefined,
        expiresAt: row.expires_at ?? row.created_at + UNUSED_TOKEN_MS,
        lastUsedAt: row.last_used_at ?? undefined,
      }));
    },

    /** The job of a valid token; undefined for anything else (unknown, expired, not a job token). */
    verify(token: string): JobTokenHolder | undefined {
      if (!isJobTokenText(token)) return undefined;
      const row = db
        .prepare(
          'SELECT id, cluster, job_id, limit_ms, created_at, expires_at FROM tracker_job_tokens WHERE hash = ?',
        )
        .get(hashOf(token)) as
        | {
            id: string;
            cluster: string;
            job_id: string | null;
            limit_ms: number;
            created_at: number;
            expires_at: number | null;
          }
        | undefined;
      if (!row) return undefined;
      const at = now();
      if (row.expires_at === null) {
        if (at - row.created_at > UNUSED_TOKEN_MS) return undefined;
        // The job runs: its time limit starts now.
        db.prepare(
          'UPDATE tracker_job_tokens SET expires_at = ?, first_used_at = ? WHERE id = ? AND expires_at IS NULL',
        ).run(at + row.limit_ms + TOKEN_MARGIN_MS, at, row.id);
      } else if (at > row.expires_at) {
        return undefined;
      }
      noteUse(row.id, at);
      return { id: row.id, cluster: row.cluster, jobId: row.job_id ?? undefined };
    },
  };
}

export type JobTokens = ReturnType<typeof createJobTokens>;
