import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../test/helpers/server-fakes.js';

describe('GET /api/openapi.json', () => {
  it('documents every route with its parameters and response schema', async () => {
    const { request, tokens } = serverUnderTest();
    const token = tokens.create('ci', 'read');
    const res = await request('/api/openapi.json', { token });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { parameters: Array<{ name: string }>; responses: Record<string, unknown> }>
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/clusters',
        '/api/clusters/{cluster}/status',
        '/api/clusters/{cluster}/nodes',
        '/api/clusters/{cluster}/jobs',
        '/api/clusters/{cluster}/jobs/{id}',
        '/api/clusters/{cluster}/jobs/{id}/output',
        '/api/clusters/{cluster}/watch',
        '/api/clusters/{cluster}/sessions',
        '/api/clusters/{cluster}/sessions/{name}',
        '/api/clusters/{cluster}/sessions/{name}/output',
        '/api/clusters/{cluster}/sessions/{name}/stop',
        '/api/notifications',
        '/api/notifications/test',
        '/api/events',
        '/api/tracker/runs',
        '/api/tracker/runs/{uid}',
        '/api/tracker/runs/{uid}/metric',
        '/api/tracker/batches',
      ]),
    );
    const jobs = doc.paths['/api/clusters/{cluster}/jobs']?.['get'];
    expect(jobs?.parameters.map((p) => p.name)).toEqual([
      'cluster',
      'all',
      'state',
      'partition',
      'user',
    ]);
    expect(JSON.stringify(jobs?.responses['200'])).toMatch(/timeLimitSeconds/);
  });

  it('documents only routes that exist: none answers "no such route"', async () => {
    const { request, tokens } = serverUnderTest();
    const token = tokens.create('ci', 'admin');
    const doc = (await (await request('/api/openapi.json', { token })).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (path === '/api/events') continue; // a stream: covered in events.test.ts
      const concrete = path
        .replace('{cluster}', 'dev')
        .replace('{id}', '6')
        .replace('{name}', 'train')
        .replace('{uid}', 'r1');
      for (const method of Object.keys(methods)) {
        const res = await request(concrete, { method: method.toUpperCase(), token });
        // A 404 about a job or cluster is fine; "no such route" is not.
        const body = (await res.json().catch(() => ({}))) as { code?: string };
        expect(body.code, `${method} ${concrete}`).not.toBe('NOT_FOUND');
      }
    }
  });
});
