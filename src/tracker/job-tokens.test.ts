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
