import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../test/helpers/server-fakes.js';
import { initRun } from './client.js';

const JOB_ENV = { SLURM_JOB_ID: '42', SLURM_CLUSTER_NAME: 'dev', SLURM_RESTART_COUNT: '0' };

function setup() {
  const server = serverUnderTest();
  const token = server.tokens.create('trainer', 'operate');
  // Requests as a client on this machine sends them (Host set), without a socket.
  const viaApp = ((url: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set('host', new URL(url).host);
    const { pathname, search } = new URL(url);
    return server.app.request(pathname + search, { ...init, headers });
  }) as typeof fetch;
  const away = (() => Promise.reject(new Error('ECONNREFUSED'))) as typeof fetch;
  const spoolDir = mkdtempSync(join(tmpdir(), 'slurmdeck-ts-client-'));
  const common = { url: 'http://127.0.0.1:8080', token, spoolDir, intervalMs: 60_000 };
  return { server, viaApp, away, spoolDir, common };
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { seq: number; points: unknown[] });

describe('the TypeScript tracker client', () => {
  it('sends every point once in batches, tied to the job, and finishes the run', async () => {
    const { server, viaApp, common, spoolDir } = setup();
    const run = await initRun({
      ...common,
      project: 'ts',
      config: { lr: 0.1 },
      env: JOB_ENV,
      fetch: viaApp,
      batchPoints: 1000,
    });
    for (let step = 0; step < 2500; step++) run.log({ loss: 1 / (step + 1) }, step);
    run.log({ loss: NaN }, 2500);
    await run.finish();
    const stored = await server.deps.tracker.store.getRun(run.uid);
    expect(stored).toMatchObject({
      project: 'ts',
      jobId: '42',
      cluster: 'dev',
      status: 'finished',
    });
    const loss = await server.deps.tracker.store.readSeries(run.uid, 'loss');
    expect([...loss.steps]).toEqual(Array.from({ length: 2501 }, (_, i) => i));
    expect(loss.values[2500]).toBeNaN();
    expect(await server.deps.tracker.store.nextSeq(run.uid)).toBe(4);
    expect(existsSync(join(spoolDir, 'tracker', run.uid, 'batches.ndjson'))).toBe(false);
  });

  it('declares files with their size and mtime, in a batch of their own when no point is due', async () => {
    const { server, viaApp, common, spoolDir } = setup();
    const ckpt = join(spoolDir, 'epoch3.pt');
    writeFileSync(ckpt, Buffer.alloc(3000));
    const run = await initRun({ ...common, project: 'ts', env: JOB_ENV, fetch: viaApp });
    run.log({ loss: 1 }, 0);
    run.logFile(ckpt, 'checkpoint');
    await run.flush();
    run.logFile(join(spoolDir, 'later.onnx'));
    await run.finish();
    const files = await server.deps.tracker.store.runFiles(run.uid);
    expect(files.map((f) => [f.kind, f.path, f.size])).toEqual([
      ['checkpoint', ckpt, 3000],
      ['artifact', join(spoolDir, 'later.onnx'), undefined],
    ]);
    expect(Math.abs((files[0]?.mtime ?? 0) - statSync(ckpt).mtimeMs)).toBeLessThanOrEqual(1);
  });

  it('resumes a run the server refuses to show, from a fresh folder, after any seq used before', async () => {
    const { viaApp, common, spoolDir } = setup();
    const before = Date.now();
    const run = await initRun({
      ...common,
      token: 'slurmdeck_not-a-token',
      project: 'ts',
      resume: 'feedbeef',
      env: JOB_ENV,
      fetch: viaApp,
    });
    run.log({ loss: 1 }, 0);
    await run.finish();
    const spooled = lines(join(spoolDir, 'tracker', 'feedbeef', 'batches.ndjson'));
    expect(spooled.length).toBeGreaterThan(0);
    expect(spooled.every((b) => b.seq > before)).toBe(true);
  });

  it('spools everything while the server is away, in the files the server reads back once', async () => {
    const { server, away, viaApp, common, spoolDir } = setup();
    const run = await initRun({
      ...common,
      project: 'ts',
      env: JOB_ENV,
      fetch: away,
      batchPoints: 100,
    });
    for (let step = 0; step < 450; step++) run.log({ loss: step }, step);
    await run.finish('failed', 3);
    const folder = join(spoolDir, 'tracker', run.uid);
    const batches = lines(join(folder, 'batches.ndjson'));
    expect(batches.map((b) => b.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(JSON.parse(readFileSync(join(folder, 'finish.json'), 'utf8'))).toMatchObject({
      status: 'failed',
      exit_code: 3,
    });
    const record = readFileSync(join(folder, 'run.json'), 'utf8');
    const post = (path: string, body: string, type = 'application/json') =>
      viaApp(`http://127.0.0.1:8080${path}`, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${common.token}`, 'content-type': type },
      });
    expect((await post('/api/tracker/runs', record)).status).toBe(201);
    const ndjson = readFileSync(join(folder, 'batches.ndjson'), 'utf8');
    await post('/api/tracker/batches', ndjson, 'application/x-ndjson');
    await post('/api/tracker/batches', ndjson, 'application/x-ndjson');
    const loss = await server.deps.tracker.store.readSeries(run.uid, 'loss');
    expect([...loss.steps]).toEqual(Array.from({ length: 450 }, (_, i) => i));
  });

  it("continues a requeued job's run after the seqs it sent, and logs nothing on rank 1", async () => {
    const { server, viaApp, common } = setup();
    const first = await initRun({ ...common, project: 'ts', env: JOB_ENV, fetch: viaApp });
    first.log({ loss: 1 }, 0);
    await first.flush();
    const again = await initRun({
      ...common,
      project: 'ts',
      env: { ...JOB_ENV, SLURM_RESTART_COUNT: '1' },
      fetch: viaApp,
      resumeStep: 0,
    });
    expect(again.uid).toBe(first.uid);
    again.log({ loss: 2 }, 1);
    await again.finish();
    const stored = await server.deps.tracker.store.getRun(first.uid);
    expect(stored).toMatchObject({ attempts: 2, restartCount: 1 });
    const loss = await server.deps.tracker.store.readSeries(first.uid, 'loss');
    expect([...loss.values]).toEqual([1, 2]);
    const other = await initRun({ ...common, project: 'ts', env: { RANK: '1' }, fetch: viaApp });
    other.log({ loss: 1 });
    await other.finish();
    expect(await server.deps.tracker.store.getRun(other.uid)).toBeUndefined();
  });

  it('marks each seq in the spool before the server has the batch', async () => {
    // Killed right after the server took a batch, a requeued job that cannot ask the server
    // (its token expired) must still go on after that seq: a seq used twice is a lost batch.
    const { viaApp, common, spoolDir } = setup();
    const seen: Array<[number, string]> = [];
    const watching = (async (url: string, init?: RequestInit) => {
      if (String(url).endsWith('/api/tracker/batches')) {
        const { run, seq } = JSON.parse(String(init?.body)) as { run: string; seq: number };
        const mark = join(spoolDir, 'tracker', run, 'seq');
        seen.push([seq, existsSync(mark) ? readFileSync(mark, 'utf8') : '-']);
      }
      return viaApp(url, init);
    }) as typeof fetch;
    const run = await initRun({ ...common, project: 'ts', env: JOB_ENV, fetch: watching });
    for (let step = 0; step < 3; step++) {
      run.log({ loss: step }, step);
      await run.flush();
    }
    await run.finish();
    expect(seen).toEqual([
      [1, '1'],
      [2, '2'],
      [3, '3'],
    ]);
  });
});
