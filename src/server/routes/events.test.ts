import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';
import { readEvents, type SseEvent } from '../../../test/helpers/sse.js';

const jobs = (events: SseEvent[]) => events.filter((e) => e.event === 'job');

describe('GET /api/events', () => {
  it('needs a token like every API route', async () => {
    const { request } = serverUnderTest();
    expect((await request('/api/events')).status).toBe(401);
  });

  it('sends new job events with their ids, and resumes after Last-Event-ID without repeats', async () => {
    const server = serverUnderTest({ eventPollMs: 10 });
    const token = server.tokens.create('ci', 'read');
    server.deps.watchStore.event('dev', '41', 'started', 1, { node: 'n1', startTime: undefined });
    const first = await server.request('/api/events', { token });
    expect(first.headers.get('content-type')).toMatch(/text\/event-stream/);
    // A new stream starts now: the older event is not replayed.
    setTimeout(
      () =>
        server.deps.watchStore.event('dev', '42', 'started', 1, {
          node: 'n2',
          startTime: undefined,
        }),
      30,
    );
    const seen = jobs(await readEvents(first, (e) => jobs(e).length >= 1));
    expect(seen.map((e) => JSON.parse(e.data) as { jobId: string })).toMatchObject([
      { jobId: '42', kind: 'started', node: 'n2' },
    ]);
    const lastId = seen[0]?.id as string;

    server.deps.watchStore.eventLog.append({
      kind: 'job.finished',
      cluster: 'dev',
      subject: 'job/dev/42',
      payload: {
        jobId: '42',
        run: 1,
        report: { outcome: 'COMPLETED', exitCode: 0, logTail: ['secret'] } as never,
      },
    });
    server.deps.watchStore.event('dev', '43', 'started', 1, { node: 'n3', startTime: undefined });
    const resumed = await server.request('/api/events', {
      token,
      headers: { 'last-event-id': lastId },
    });
    const again = jobs(await readEvents(resumed, (e) => jobs(e).length >= 2));
    expect(again.map((e) => JSON.parse(e.data) as Record<string, unknown>)).toMatchObject([
      { jobId: '42', kind: 'finished', outcome: 'COMPLETED', exitCode: 0 },
      { jobId: '43', kind: 'started' },
    ]);
    expect(again.map((e) => Number(e.id))).toEqual([Number(lastId) + 1, Number(lastId) + 2]);
    expect(again[0]?.data).not.toContain('secret');
  });

  it('resumes from ?after= too (EventSource cannot set headers on its first connect)', async () => {
    const server = serverUnderTest({ eventPollMs: 10 });
    const token = server.tokens.create('ci', 'read');
    server.deps.watchStore.event('dev', '1', 'started', 1, {
      node: undefined,
      startTime: undefined,
    });
    server.deps.watchStore.event('dev', '2', 'started', 1, {
      node: undefined,
      startTime: undefined,
    });
    const res = await server.request('/api/events?after=1', { token });
    const got = jobs(await readEvents(res, (e) => jobs(e).length >= 1, 500));
    expect(got.map((e) => e.id)).toEqual(['2']);
  });

  it('refreshes a watched cluster once per interval for all its viewers, and stops after the last', async () => {
    const server = serverUnderTest({ eventPollMs: 10, liveIntervalMs: 30, viewMaxAgeMs: 10 });
    const token = server.tokens.create('ci', 'read');
    const streams = await Promise.all(
      [1, 2, 3].map(() => server.request('/api/events?cluster=dev', { token })),
    );
    const reads = streams.map((res) => readEvents(res, () => false, 300));
    await new Promise((r) => setTimeout(r, 150));
    expect(server.live.active()).toBe(1);
    await Promise.all(reads);
    // Three streams, ~5 ticks: one squeue per tick, not per stream.
    const squeues = server.calls.filter((c) => c === 'squeue').length;
    expect(squeues).toBeGreaterThan(0);
    expect(squeues).toBeLessThanOrEqual(12);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.live.active()).toBe(0);
  });

  it('refuses an unknown cluster before the stream opens', async () => {
    const server = serverUnderTest();
    const token = server.tokens.create('ci', 'read');
    const res = await server.request('/api/events?cluster=nope', { token });
    expect(res.status).toBe(404);
  });

  it('ends every stream when the server shuts down', async () => {
    const server = serverUnderTest({ eventPollMs: 1000 });
    const token = server.tokens.create('ci', 'read');
    const res = await server.request('/api/events', { token });
    setTimeout(() => server.shutdown.abort(), 50);
    const started = Date.now();
    await readEvents(res, () => false, 3000);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
