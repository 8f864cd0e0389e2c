import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

const pythonDir = fileURLToPath(new URL('../../../python', import.meta.url));
const server = serverUnderTest();
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
afterAll(() => close());

function python(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('/usr/bin/python3', ['-c', script], {
      env: { PATH: '/usr/bin:/bin', PYTHONPATH: pythonDir, ...env },
      cwd: mkdtempSync(join(tmpdir(), 'slurmdeck-py-')),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the Python client against the real API', () => {
  it('creates the run, sends every point once, resumes with resume_step, and finishes', async () => {
    const token = server.tokens.create('trainer', 'operate');
    const env = { SLURMDECK_URL: url, SLURMDECK_TOKEN: token, SLURM_JOB_ID: '77' };
    const first = await python(
      `import slurmdeck_tracker as t
run = t.init(project="gpt", config={"optim": {"lr": 3e-4}}, tags=["py"], batch_points=1000)
for step in range(5000):
    run.log({"loss": 1 / (step + 1), "sys/cpu": 50}, step=step)
print(run.uid)
run.finish()`,
      env,
    );
    expect(first.code, first.stderr).toBe(0);
    const uid = first.stdout.trim();
    const store = server.deps.tracker.store;
    expect(await store.getRun(uid)).toMatchObject({
      project: 'gpt',
      jobId: '77',
      status: 'finished',
      config: { optim: { lr: 3e-4 } },
    });
    expect(await store.metricKeys(uid)).toEqual(['loss', 'sys/cpu']);
    expect((await store.readSeries(uid, 'loss')).steps).toHaveLength(5000);

    const resumed = await python(
      `import slurmdeck_tracker as t
run = t.init(project="gpt", resume="${uid}", resume_step=2999)
for step in range(3000, 3500):
    run.log({"loss": -1}, step=step)
run.finish()`,
      { ...env, SLURM_RESTART_COUNT: '1' },
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    const loss = await store.readSeries(uid, 'loss');
    expect([...loss.steps]).toEqual(Array.from({ length: 3500 }, (_, i) => i));
    expect(loss.values[3499]).toBe(-1);
    expect(await store.getRun(uid)).toMatchObject({ attempts: 2, restartCount: 1 });
  }, 60_000);
});
