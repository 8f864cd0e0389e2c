import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

const T0 = 1_780_000_000;
const json = { 'content-type': 'application/json' };

function setup(options: { maxBatchBytes?: number } = {}) {
  const server = serverUnderTest(options);
  const writer = server.tokens.create('trainer', 'operate');
  const reader = server.tokens.create('viewer', 'read');
  const post = (
    path: string,
    body: unknown,
    token = writer,
    headers: Record<string, string> = json,
  ) =>
    server.request(path, {
      method: 'POST',
      token,
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = async (path: string) => {
    const res = await server.request(path, { token: reader });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { ...server, post, get, reader };
}

const batch = (seq: number, from: number, count: number, run = 'r1') => ({
  run,
  seq,
  points: Array.from({ length: count }, (_, i) => ({
    k: 'loss',
    s: from + i,
    v: 1 / (from + i + 1),
    t: T0 + i,
  })),
});

describe('the tracker routes', () => {
  it('creates a run, takes JSON and NDJSON batches once each, and gives the series back', async () => {
    const { post, get, deps } = setup();
    const created = await post('/api/tracker/runs', {
      run: 'r1',
      project: 'gpt',
      config: { lr: 0.1 },
      tags: ['a'],
      job_id: '42',
      cluster: 'dev',
      seq_start: 1,
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      created: true,
      attempt: 1,
      seqStart: 1,
      run: { uid: 'r1', jobId: '42' },
    });

    const first = await post('/api/tracker/batches', batch(1, 0, 10_000));
    expect(await first.json()).toEqual({ applied: 1, duplicates: 0, points: 10_000 });
    const ndjson = [batch(1, 0, 10_000), batch(2, 10_000, 5)]
      .map((b) => JSON.stringify(b))
      .join('\n');
    const second = await post('/api/tracker/batches', ndjson, undefined, {
      'content-type': 'application/x-ndjson',
    });
    expect(await second.json()).toEqual({ applied: 1, duplicates: 1, points: 5 });

    const all = await get('/api/tracker/runs/r1/metric?key=loss');
    expect(all.body).toMatchObject({ total: 10_005, downsampled: false });
    expect((all.body['steps'] as number[]).length).toBe(10_005);
    const small = await get('/api/tracker/runs/r1/metric?key=loss&width=100');
    expect(small.body).toMatchObject({ total: 10_005, downsampled: true });
    expect((small.body['steps'] as number[]).length).toBeLessThanOrEqual(400);
    expect((small.body['values'] as number[])[0]).toBe(1);

    const run = await get('/api/tracker/runs/r1');
    expect(run.body).toMatchObject({ keys: ['loss'], nextSeq: 3, run: { status: 'running' } });
    const kinds = deps.events.read({ kindPrefix: 'tracker.' }).map((e) => e.kind);
    expect(kinds).toEqual(['tracker.run.started']);
  });

  it('lists runs by project and tag, and finishes a run with an event', async () => {
    const { post, get, deps } = setup();
    await post('/api/tracker/runs', { run: 'r1', project: 'gpt', tags: ['x'] });
    await post('/api/tracker/runs', { run: 'r2', project: 'bert', tags: ['x', 'y'] });
    const tagged = await get('/api/tracker/runs?tag=y');
    expect((tagged.body['runs'] as Array<{ uid: string }>).map((r) => r.uid)).toEqual(['r2']);
    const finished = await post('/api/tracker/runs/r1/finish', { status: 'failed', exitCode: 3 });
    expect(await finished.json()).toMatchObject({ run: { status: 'failed', exitCode: 3 } });
    const done = await get('/api/tracker/runs?status=failed&project=gpt');
    expect((done.body['runs'] as Array<{ uid: string }>).map((r) => r.uid)).toEqual(['r1']);
    const finishedEvents = deps.events.read({ kindPrefix: 'tracker.run.finished' });
    expect(finishedEvents.map((e) => e.subject)).toEqual(['run/r1']);
  });

  it('resumes a run: 200, a second attempt, and the earlier steps after resume_step hidden', async () => {
    const { post, get } = setup();
    await post('/api/tracker/runs', { run: 'r1', project: 'p' });
    await post('/api/tracker/batches', batch(1, 0, 100));
    const resumed = await post('/api/tracker/runs', {
      run: 'r1',
      project: 'p',
      resume_step: 49,
      seq_start: 2,
      restart_count: 1,
    });
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({
      created: false,
      attempt: 2,
      run: { attempts: 2, restartCount: 1 },
    });
    await post('/api/tracker/batches', batch(2, 50, 60));
    const all = await get('/api/tracker/runs/r1/metric?key=loss');
    expect(all.body['steps']).toEqual(Array.from({ length: 110 }, (_, i) => i));
  });

  it('refuses writes with a read token, batches of an unknown run, and bad points', async () => {
    const { post, reader } = setup();
    expect((await post('/api/tracker/runs', { run: 'r1', project: 'p' }, reader)).status).toBe(403);
    const unknown = await post('/api/tracker/batches', batch(1, 0, 1, 'nope'));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'RUN_NOT_FOUND' });
    await post('/api/tracker/runs', { run: 'r1', project: 'p' });
    const bad = await post('/api/tracker/batches', {
      run: 'r1',
      seq: 1,
      points: [{ k: 'x', s: -1, v: 1, t: 0 }],
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      message: expect.stringMatching(/point 0: s must be/),
    });
  });

  it('takes a batch far over the 1 MiB API limit, and answers 413 with a hint past its own', async () => {
    const { post } = setup({ maxBatchBytes: 4 * 1024 * 1024 });
    await post('/api/tracker/runs', { run: 'r1', project: 'p' });
    const big = JSON.stringify(batch(1, 0, 30_000));
    expect(big.length).toBeGreaterThan(1024 * 1024);
    expect((await post('/api/tracker/batches', big)).status).toBe(200);
    const huge = JSON.stringify(batch(2, 0, 100_000));
    const refused = await post('/api/tracker/batches', huge);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      hint: expect.stringMatching(/several requests/),
    });
  });
});
