import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../test/helpers/server-fakes.js';
import { openDatabase } from '../store/index.js';
import { createJobTokens } from '../tracker/index.js';
import { createTokenStore } from './tokens.js';

describe('API tokens', () => {
  it('issues slurmdeck_ tokens and still takes the sdk_ ones older versions issued', () => {
    const db = openDatabase({ file: ':memory:' });
    const tokens = createTokenStore(db);
    const fresh = tokens.create('ci', 'read');
    expect(fresh).toMatch(/^slurmdeck_[A-Za-z0-9_-]{43}$/);
    expect(tokens.verify(fresh)).toMatchObject({ name: 'ci', role: 'read' });
    // As an older version stored it: the hash of the whole token.
    const old = `sdk_${'A'.repeat(43)}`;
    db.prepare('INSERT INTO api_tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)').run(
      'laptop',
      'operate',
      createHash('sha256').update(old).digest('hex'),
      0,
    );
    expect(tokens.verify(old)).toMatchObject({ name: 'laptop', role: 'operate' });
    expect(tokens.verify(`nope_${'A'.repeat(43)}`)).toBeUndefined();
  });
});

describe("jobs' tracker tokens beside the API tokens", () => {
  it('are listed by the name their refusals use and revoked by it, each job on its own', () => {
    const db = openDatabase({ file: ':memory:' });
    const tokens = createTokenStore(db);
    const jobTokens = createJobTokens(db);
    const first = jobTokens.issue('dev', 3600_000);
    jobTokens.bind(first.id, '42');
    const second = jobTokens.issue('dev', 3600_000);
    jobTokens.bind(second.id, '43');
    const submitting = jobTokens.issue('dev', 3600_000);
    tokens.create('job-dev-43', 'read'); // an API token may carry such a name
    expect(tokens.verifyJob(first.token)?.name).toBe('job-dev-42');
    expect(tokens.listJobs().map((t) => [t.name, t.jobId])).toEqual(
      expect.arrayContaining([
        ['job-dev-42', '42'],
        ['job-dev-43', '43'],
        [`job-dev-${submitting.id}`, undefined],
      ]),
    );
    expect(tokens.revokeJob('job-dev-42')).toBe(1);
    expect(tokens.revokeJob('job-dev-42')).toBe(0);
    expect(tokens.verifyJob(first.token)).toBeUndefined();
    expect(tokens.verifyJob(second.token)?.name).toBe('job-dev-43');
    expect(tokens.list().map((t) => t.name)).toEqual(['job-dev-43']);
  });

  it('are in GET /api/tokens for an admin, with their job and expiry and never their text', async () => {
    const server = serverUnderTest();
    const admin = server.tokens.create('lab', 'admin');
    const jobTokens = createJobTokens(server.deps.db);
    const { id, token } = jobTokens.issue('dev', 3600_000);
    jobTokens.bind(id, '42');
    const use = await server.request('/api/tracker/runs/none', { token });
    expect(use.status).toBe(404);
    const res = await server.request('/api/tokens', { token: admin });
    const text = await res.text();
    expect(text).not.toContain(token);
    const body = JSON.parse(text) as { jobTokens: Array<Record<string, string>> };
    expect(body.jobTokens).toEqual([
      {
        name: 'job-dev-42',
        cluster: 'dev',
        jobId: '42',
        createdAt: expect.any(String),
        firstUsedAt: expect.any(String),
        expiresAt: expect.any(String),
        lastUsedAt: expect.any(String),
      },
    ]);
    const job = body.jobTokens[0] as Record<string, string>;
    expect(Date.parse(job['expiresAt'] as string) - Date.parse(job['firstUsedAt'] as string)).toBe(
      2 * 3600_000,
    );
  });
});
