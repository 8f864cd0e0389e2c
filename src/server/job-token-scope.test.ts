import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../test/helpers/server-fakes.js';
import { createJobTokens } from '../tracker/index.js';

const json = { 'content-type': 'application/json' };

describe("a job's tracker token", () => {
  it('writes runs through the tracker client routes and is refused everywhere else', async () => {
    const server = serverUnderTest();
    const tokens = createJobTokens(server.deps.db);
    const { id, token } = tokens.issue('dev', 3600_000);
    tokens.bind(id, '4242');
    const call = (method: string, path: string, body?: unknown) =>
      server.request(path, {
        method,
        token,
        headers: json,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const created = await call('POST', '/api/tracker/runs', {
      run: 'j1',
      project: 'p',
      cluster: 'dev',
      job_id: '4242',
    });
    expect(created.status).toBe(201);
    const points = [{ k: 'loss', s: 0, v: 1, t: 1_780_000_000 }];
    expect((await call('POST', '/api/tracker/batches', { run: 'j1', seq: 1, points })).status).toBe(
      200,
    );
    expect((await call('GET', '/api/tracker/runs/j1')).status).toBe(200);
    expect((await call('POST', '/api/tracker/runs/j1/finish', { status: 'finished' })).status).toBe(
      200,
    );
    for (const [method, path, body] of [
      ['GET', '/api/tracker/runs'],
      ['GET', '/api/tracker/runs/j1/metric?key=loss'],
      ['GET', '/api/clusters'],
      ['GET', '/api/tokens'],
      ['GET', '/api/audit'],
      ['POST', '/api/clusters/dev/jobs', { wrap: 'true' }],
      ['POST', '/api/clusters/dev/watch', { jobIds: ['1'] }],
    ] as const) {
      const res = await call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(
        /job-dev-4242.*tracker token/,
      );
    }
    expect(server.calls).toEqual([]);
    // Operators still write runs as before; readers still cannot.
    const reader = server.tokens.create('viewer', 'read');
    const refused = await server.request('/api/tracker/runs', {
      method: 'POST',
      token: reader,
      headers: json,
      body: JSON.stringify({ run: 'j2', project: 'p' }),
    });
    expect(refused.status).toBe(403);
  });

  it('is not a token for MCP, and stops working when revoked', async () => {
    const server = serverUnderTest();
    const tokens = createJobTokens(server.deps.db);
    const { id, token } = tokens.issue('dev', 3600_000);
    expect(server.tokens.verify(token)).toBeUndefined();
    expect(server.tokens.verifyJob(token)).toMatchObject({ role: 'tracker' });
    tokens.revoke(id);
    const res = await server.request('/api/tracker/runs/x', { token });
    expect(res.status).toBe(401);
  });

  it('is documented on exactly the routes it may call', async () => {
    const server = serverUnderTest();
    const reader = server.tokens.create('viewer', 'read');
    const doc = (await (await server.request('/api/openapi.json', { token: reader })).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op['x-slurmdeck-job-token'] === true)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual([
      'GET /api/tracker/runs/{uid}',
      'POST /api/tracker/batches',
      'POST /api/tracker/runs',
      'POST /api/tracker/runs/{uid}/finish',
    ]);
  });
});
