import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobReport } from '../../jobs/index.js';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

function watcher() {
  const server = serverUnderTest();
  const operate = server.tokens.create('bot', 'operate');
  const read = server.tokens.create('viewer', 'read');
  const call = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const res = await server.request(path, { token: operate, ...init });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const add = (body: unknown, token = operate) =>
    call('/api/clusters/dev/watch', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { ...server, operate, read, call, add };
}

const report: JobReport = {
  cluster: 'dev',
  jobId: '41',
  name: 'train',
  user: 'alice',
  outcome: 'FAILED',
  exitCode: 1,
  signal: undefined,
  cancelledBy: undefined,
  elapsedSeconds: 12,
  timeLimitSeconds: 300,
  nodes: 'n1',
  cpuEfficiency: 0.5,
  memoryEfficiency: undefined,
  maxRssBytes: undefined,
  requestedMemoryBytes: undefined,
  startedAt: '2026-12-01T10:00:00',
  endedAt: '2026-12-01T10:00:12',
  logPath: '/home/alice/slurm-41.out',
  logTail: ['loading', 'HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz0123456789'],
  hint: 'Read the end of the log.',
};

describe('POST /api/clusters/{cluster}/watch', () => {
  it('adds jobs to the durable watch list with the default channels', async () => {
    const { add, deps } = watcher();
    const res = await add({ jobIds: ['40', '41_2'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      cluster: 'dev',
      watching: ['40', '41_2'],
      alreadyEnded: [],
      poller: 'off',
      notify: [],
    });
    expect(deps.watchStore.list('dev').map((j) => j.jobId)).toEqual(
      expect.arrayContaining(['40', '41_2']),
    );
    // What a user does over the API is in the audit log, under the token's name.
    expect(deps.audit.entries()).toMatchObject([
      {
        face: 'http',
        actor: 'bot',
        action: 'job.watch',
        cluster: 'dev',
        target: { jobIds: ['40', '41_2'] },
        confirmedVia: 'not-needed',
        outcome: 'done',
      },
    ]);
  });

  it('takes configured channels and refuses unknown ones', async () => {
    const { add, dir, deps } = watcher();
    appendFileSync(
      join(dir, 'config.yaml'),
      'notify:\n  channels:\n    ops: "ntfy+http://127.0.0.1:9/topic"\n',
    );
    const ok = await add({ jobIds: ['40'], notify: ['ops'] });
    expect(ok.status).toBe(200);
    expect(deps.watchStore.get('dev', '40')?.channels).toEqual(['ops']);
    const bad = await add({ jobIds: ['42'], notify: ['nope'] });
    expect(bad.status).toBe(404);
    expect(bad.body['message']).toMatch(/nope/);
    expect(deps.watchStore.get('dev', '42')).toBeUndefined();
  });

  it('refuses bad ids, empty lists, and the read role; adds nothing', async () => {
    const { add, read, deps } = watcher();
    expect((await add({ jobIds: ['1;rm -rf /'] })).status).toBe(400);
    expect((await add({ jobIds: [] })).status).toBe(400);
    expect((await add({ jobIds: ['40'], extra: 1 })).status).toBe(400);
    expect((await add({ jobIds: ['40'] }, read)).status).toBe(403);
    expect(deps.watchStore.list('dev')).toEqual([]);
  });
});

describe('GET /api/clusters/{cluster}/watch', () => {
  it('lists the watched jobs and, once ended, their report with the log tail redacted', async () => {
    const { add, call, read, deps } = watcher();
    await add({ jobIds: ['40', '41'] });
    deps.watchStore.finish(report, 1);
    const res = await call('/api/clusters/dev/watch', { token: read });
    expect(res.status).toBe(200);
    const jobs = res.body['jobs'] as Array<Record<string, unknown>>;
    expect(jobs.map((j) => j['jobId']).sort()).toEqual(['40', '41']);
    const ended = jobs.find((j) => j['jobId'] === '41');
    expect(ended).toMatchObject({
      ended: true,
      outcome: 'FAILED',
      addedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      report: { outcome: 'FAILED', exitCode: 1, logTail: ['loading', 'HF_TOKEN=***'] },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/hf_abc/);
    const other = await call('/api/clusters/other/watch', { token: read });
    expect(other.body['jobs']).toEqual([]);
  });
});
