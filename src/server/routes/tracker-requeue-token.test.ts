import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';
import { createLogger } from '../../core/logger.js';
import { ClusterIngest, createJobTokens, createSpoolCursorStore } from '../../tracker/index.js';
import { createLocalTransport } from '../../transport/index.js';

const pythonDir = fileURLToPath(new URL('../../../python', import.meta.url));
const server = serverUnderTest();
const workDir = mkdtempSync(join(tmpdir(), 'slurmdeck-requeue-'));
let url = '';
let close = () => undefined as void;

beforeAll(async () => {
  await new Promise<void>((resolve) => {
    const listening = serve({ fetch: server.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      url = `http://127.0.0.1:${(info as AddressInfo).port}`;
      resolve();
    });
    close = () => void listening.close();
  });
});
afterAll(() => {
  close();
  rmSync(workDir, { recursive: true, force: true });
});

/** One start of the job's training: the real client, in the job's working dir (its spool). */
function python(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn('/usr/bin/python3', ['-c', script], {
      env: { PATH: '/usr/bin:/bin', PYTHONPATH: pythonDir, ...env },
      cwd: workDir,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('a requeued job whose token expired while it waited', () => {
  it('is refused with 401, spools the rest of its run, and the ingest brings every point in once', async () => {
    const jobTokens = createJobTokens(server.deps.db);
    const { id, token } = jobTokens.issue('dev', 60_000);
    jobTokens.bind(id, '4242');
    const env = {
      SLURMDECK_URL: url,
      SLURMDECK_TOKEN: token,
      SLURMDECK_CLUSTER: 'dev',
      SLURM_JOB_ID: '4242',
    };
    // Preempted after step 999 was sent (SIGTERM flushes), then requeued.
    const first = await python(
      `import os, slurmdeck_tracker as t
run = t.init(project="requeue", batch_points=100, interval=0.05)
for step in range(1000):
    run.log({"loss": float(step)}, step=step)
run.flush()
print(run.uid, flush=True)
os._exit(0)`,
      { ...env, SLURM_RESTART_COUNT: '0' },
    );
    expect(first.code, first.stderr).toBe(0);
    const [run] = await server.deps.tracker.store.listRuns({ project: 'requeue' });
    expect(run).toMatchObject({ jobId: '4242', attempts: 1 });
    const uid = run?.uid as string;

    // The job waited in the queue past its time limit plus the margin.
    server.deps.db.prepare('UPDATE tracker_job_tokens SET expires_at = 1 WHERE id = ?').run(id);
    const refused = await server.request(`/api/tracker/runs/${uid}`, { token });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      message: "this job's tracker token has expired or was revoked",
      hint: expect.stringContaining('spool'),
    });

    // Back from its checkpoint at step 799.
    const again = await python(
      `import slurmdeck_tracker as t
run = t.init(project="requeue", resume_step=799, batch_points=100, interval=0.05)
for step in range(800, 1500):
    run.log({"loss": -float(step)}, step=step)
run.finish()`,
      { ...env, SLURM_RESTART_COUNT: '1' },
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/refused the run: HTTP 401/);
    expect(await server.deps.tracker.store.getRun(uid)).toMatchObject({ attempts: 1 });

    // What `serve` runs beside its poller for the watched job, over this machine's shell.
    const ingest = new ClusterIngest({
      cluster: 'dev',
      transport: createLocalTransport(),
      tracker: server.deps.tracker,
      cursors: createSpoolCursorStore(server.deps.db),
      log: createLogger('silent'),
      searchEveryMs: 0,
    });
    const job = { jobId: '4242', workDir, addedAt: Date.now() };
    for (let poll = 0; poll < 5; poll++) await ingest.poll([job]);

    expect(await server.deps.tracker.store.getRun(uid)).toMatchObject({
      attempts: 2,
      restartCount: 1,
      status: 'finished',
    });
    const loss = await server.deps.tracker.store.readSeries(uid, 'loss');
    expect([...loss.steps]).toEqual(Array.from({ length: 1500 }, (_, i) => i));
    expect(loss.values[799]).toBe(799);
    expect(loss.values[800]).toBe(-800);
    expect(await server.deps.tracker.store.nextSeq(uid)).toBe(18);
  }, 60_000);
});
