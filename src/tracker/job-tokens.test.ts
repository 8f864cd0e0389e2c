import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { createJobTokens, TOKEN_MARGIN_MS, UNUSED_TOKEN_MS } from './job-tokens.js';

function setup() {
  let now = 1_000_000;
  const db = openDatabase({ file: ':memory:' });
  const tokens = createJobTokens(db, () => now);
  return { db, tokens, advance: (ms: number) => (now += ms) };
}

describe('job tokens', () => {
  it('are kept as hashes only, bound to their job once sbatch answers', () => {
    const { db, tokens } = setup();
    const { id, token } = tokens.issue('dev', 3600_000);
    expect(token).toMatch(/^slurmdeckjob_[A-Za-z0-9_-]{43}$/);
    const stored = JSON.stringify(db.prepare('SELECT * FROM tracker_job_tokens').all());
    expect(stored).not.toContain(token.slice(4));
    expect(tokens.verify(token)).toEqual({ id, cluster: 'dev', jobId: undefined });
    tokens.bind(id, '42');
    expect(tokens.verify(token)).toEqual({ id, cluster: 'dev', jobId: '42' });
    expect(tokens.verify(`${token}x`)).toBeUndefined();
    expect(tokens.verify('slurmdeck_other')).toBeUndefined();
  });

  it("expire the job's time limit plus a margin after their first use", () => {
    const { tokens, advance } = setup();
    const { token } = tokens.issue('dev', 3600_000);
    advance(2 * 24 * 3600_000); // queued for two days: the clock has not started
    expect(tokens.verify(token)).toBeDefined();
    advance(3600_000 + TOKEN_MARGIN_MS - 1);
    expect(tokens.verify(token)).toBeDefined();
    advance(2);
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('expire unused after a week in the queue, and go with a failed submit', () => {
    const { tokens, advance } = setup();
    const unused = tokens.issue('dev', 60_000).token;
    const failed = tokens.issue('dev', 60_000);
    tokens.revoke(failed.id);
    expect(tokens.verify(failed.token)).toBeUndefined();
    advance(UNUSED_TOKEN_MS + 1);
    expect(tokens.verify(unused)).toBeUndefined();
  });
});

describe('the job token list', () => {
  it('shows each live token with its job, first and last use and expiry, never its text or hash', () => {
    const { db, tokens, advance } = setup();
    const used = tokens.issue('dev', 3600_000);
    tokens.bind(used.id, '42');
    advance(1000);
    const queued = tokens.issue('dev', 60_000);
    tokens.verify(used.token);
    advance(30_000);
    tokens.verify(used.token); // within the minute: last use is not written again
    advance(60_000);
    tokens.verify(used.token);
    expect(tokens.list()).toEqual([
      {
        id: used.id,
        cluster: 'dev',
        jobId: '42',
        createdAt: 1_000_000,
        firstUsedAt: 1_001_000,
        expiresAt: 1_001_000 + 3600_000 + TOKEN_MARGIN_MS,
        lastUsedAt: 1_091_000,
      },
      {
        id: queued.id,
        cluster: 'dev',
        jobId: undefined,
        createdAt: 1_001_000,
        firstUsedAt: undefined,
        expiresAt: 1_001_000 + UNUSED_TOKEN_MS,
        lastUsedAt: undefined,
      },
    ]);
    const hash = (db.prepare('SELECT hash FROM tracker_job_tokens').pluck().all() as string[])[0];
    expect(JSON.stringify(tokens.list())).not.toContain(hash);
    expect(tokens.revoke(used.id)).toBe(true);
    expect(tokens.revoke(used.id)).toBe(false);
    advance(UNUSED_TOKEN_MS);
    expect(tokens.list()).toEqual([]);
  });

  it('gives tokens used before first use was recorded the time their clock started', () => {
    const db = openDatabase({ file: ':memory:' });
    // The table as the first version made it, with one token in use.
    db.exec(`CREATE TABLE tracker_job_tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE,
      cluster TEXT NOT NULL, job_id TEXT, limit_ms INTEGER NOT NULL, created_at INTEGER NOT NULL,
      expires_at INTEGER)`);
    db.prepare(
      "INSERT INTO schema_versions (component, version) VALUES ('tracker-job-tokens', 1)",
    ).run();
    db.prepare("INSERT INTO tracker_job_tokens VALUES ('a', 'h', 'dev', '7', 600000, 0, ?)").run(
      5000 + 600_000 + TOKEN_MARGIN_MS,
    );
    const [row] = createJobTokens(db, () => 6000).list();
    expect(row).toMatchObject({ jobId: '7', firstUsedAt: 5000, lastUsedAt: 5000 });
  });
});
