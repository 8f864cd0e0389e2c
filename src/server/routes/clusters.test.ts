import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';
import { jobsResponse, nodesResponse, statusResponse } from '../schemas.js';

async function reader() {
  const server = serverUnderTest();
  const token = server.tokens.create('ci', 'read');
  const get = async (path: string) => {
    const res = await server.request(path, { token });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { ...server, get };
}

describe('cluster read routes', () => {
  it('lists the configured clusters', async () => {
    const { get } = await reader();
    const { body } = await get('/api/clusters');
    expect(body['clusters']).toEqual([
      { name: 'dev', transport: 'ssh' },
      { name: 'other', transport: 'ssh' },
    ]);
  });

  it('serves status: partitions with free GPUs by type, from one sinfo', async () => {
    const { get, calls } = await reader();
    const { status, body } = await get('/api/clusters/dev/status');
    expect(status).toBe(200);
    const parsed = statusResponse.parse(body);
    expect(parsed.slurmVersion).toBe('22.05.8');
    const gpu = parsed.partitions.find((p) => p.name === 'gpu');
    expect(gpu?.gpusByType['a100']?.total).toBeGreaterThan(0);
    expect(calls.filter((c) => c === 'sinfo')).toHaveLength(1);
  });

  it('serves nodes from the same shared view as status', async () => {
    const { get, calls } = await reader();
    await get('/api/clusters/dev/status');
    const { body } = await get('/api/clusters/dev/nodes');
    expect(nodesResponse.parse(body).nodes.map((n) => n.name)).toContain('n1');
    expect(calls.filter((c) => c === 'sinfo')).toHaveLength(1);
  });

  it('filters jobs by user, state and partition from one squeue of every job', async () => {
    const { get, calls } = await reader();
    const mine = jobsResponse.parse((await get('/api/clusters/dev/jobs')).body);
    expect(mine.jobs.length).toBeGreaterThan(0);
    expect(mine.jobs.every((j) => j.user === 'root')).toBe(true);
    const pending = jobsResponse.parse((await get('/api/clusters/dev/jobs?all=1&state=PD')).body);
    expect(pending.jobs.length).toBeGreaterThan(0);
    expect(pending.jobs.every((j) => j.state === 'PENDING')).toBe(true);
    // Why each waits, in plain words in both languages.
    const waiting = pending.jobs.find((j) => j.reason === 'Resources');
    expect(waiting?.pendingReason).toMatchObject({ code: 'Resources', action: 'wait' });
    expect(waiting?.pendingReason?.zh).toMatch(/[\u4e00-\u9fff]/);
    const cpu = jobsResponse.parse(
      (await get('/api/clusters/dev/jobs?all=true&partition=cpu')).body,
    );
    expect(cpu.jobs.every((j) => j.partition === 'cpu')).toBe(true);
    const nobody = jobsResponse.parse((await get('/api/clusters/dev/jobs?user=nobody')).body);
    expect(nobody.jobs).toEqual([]);
    expect(calls.filter((c) => c === 'squeue')).toHaveLength(1);
  });

  it('serves the same job list to every viewer from one serialization, and 304 for its ETag', async () => {
    const server = await reader();
    const token = server.tokens.create('etag', 'read');
    const first = await server.request('/api/clusters/dev/jobs?all=1', { token });
    const second = await server.request('/api/clusters/dev/jobs?all=1', { token });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect(second.headers.get('etag')).toBe(etag);
    expect(await second.text()).toBe(await first.text());
    const again = await server.request('/api/clusters/dev/jobs?all=1', {
      token,
      headers: { 'if-none-match': etag as string },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await server.request('/api/clusters/dev/jobs?all=1&state=PD', { token });
    expect(other.headers.get('etag')).not.toBe(etag);
    expect(server.calls.filter((c) => c === 'squeue')).toHaveLength(1);
  });

  it('answers 400 naming the field for a bad filter', async () => {
    const { get } = await reader();
    const state = await get('/api/clusters/dev/jobs?state=SLEEPY');
    expect(state.status).toBe(400);
    expect(state.body).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/SLEEPY/),
    });
    const all = await get('/api/clusters/dev/jobs?all=maybe');
    expect(all.status).toBe(400);
    expect(all.body['message']).toMatch(/all/);
    expect(all.body['hint']).toMatch(/openapi/);
  });

  it('answers 404 for a cluster that is not configured and for a route that does not exist', async () => {
    const { get } = await reader();
    const cluster = await get('/api/clusters/nope/status');
    expect(cluster.status).toBe(404);
    expect(cluster.body).toMatchObject({
      code: 'CLUSTER_UNKNOWN',
      hint: expect.stringMatching(/dev, other/),
    });
    expect((await get('/api/clusters/dev/nothing')).status).toBe(404);
  });

  it('serves one job in detail without its raw Slurm record', async () => {
    const { get } = await reader();
    const { status, body } = await get('/api/clusters/dev/jobs/6');
    expect(status).toBe(200);
    const job = body['job'] as Record<string, unknown>;
    expect(job['jobId']).toBe('6');
    expect(job).not.toHaveProperty('raw');
  });

  it('answers 400 for a job id that is not one', async () => {
    const { get } = await reader();
    const { status, body } = await get('/api/clusters/dev/jobs/1;rm');
    expect(status).toBe(400);
    expect(body['code']).toBe('INVALID_ARGUMENT');
  });

  it('lists the jobs of the user the server logs in as when the config names none', async () => {
    const { get, calls } = await reader();
    const { body } = await get('/api/clusters/other/jobs');
    // `id -un` says alice; every recorded job is root's.
    expect(jobsResponse.parse(body).jobs).toEqual([]);
    expect(calls.filter((c) => c === 'id')).toHaveLength(1);
  });
});

describe('the shared views', () => {
  it('serves 20 concurrent status requests with one sinfo', async () => {
    const server = serverUnderTest({ delayMs: 50 });
    const token = server.tokens.create('ci', 'read');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => server.request('/api/clusters/dev/status', { token })),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(server.calls.filter((c) => c === 'sinfo')).toHaveLength(1);
  });

  it('asks the cluster again once the view is older than its max age', async () => {
    const server = serverUnderTest({ viewMaxAgeMs: 20 });
    const token = server.tokens.create('ci', 'read');
    await server.request('/api/clusters/dev/jobs', { token });
    await new Promise((r) => setTimeout(r, 40));
    await server.request('/api/clusters/dev/jobs', { token });
    expect(server.calls.filter((c) => c === 'squeue')).toHaveLength(2);
  });
});
