import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const root = inject('devRoot');
const pythonDir = join(import.meta.dirname, '..', '..', 'python');
/** The host's side of the dev cluster's bridge: compute nodes reach the server here. */
const BRIDGE = '10.77.0.1';
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  // Short: the ssh control sockets of the watcher live under it.
  SLURMDECK_STATE_DIR: mkdtempSync('/tmp/sdeck-tracker-state-'),
  SLURMDECK_LOG: 'warn',
};
const rootDir = mkdtempSync(join(root, 'test', 'tracker-'));
const jobs: string[] = [];
let serve: ServeProcess;
let token = '';

const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

beforeAll(async () => {
  serve = await startServe(env, ['--host', BRIDGE, '--insecure-http']);
  const created = await runCli(['serve', 'token', 'create', 'trainer', '--role', 'operate'], env);
  expect(created.code, created.stderr).toBe(0);
  token = created.stdout.trim();
}, 60_000);

afterAll(() => {
  if (jobs.length > 0) asRoot(['scancel', ...jobs]);
  if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  rmSync(rootDir, { recursive: true, force: true });
});

async function api(path: string, init: RequestInit = {}) {
  const res = await fetch(`${serve.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function until<T>(what: string, probe: () => T | undefined, jobId: string): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const state = asRoot(['sacct', '-n', '-P', '-j', jobId, '-o', 'JobID,State,ExitCode']);
      throw new Error(`timed out waiting for ${what} (sacct: ${state})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const TRAIN = `
import os, sys, slurmdeck_tracker
run = slurmdeck_tracker.init(project="it", config={"lr": 0.1}, tags=["dev"], batch_points=700, interval=0.2)
for step in range(3000):
    run.log({"loss": 1.0 / (step + 1), "acc": step % 10, "sys/cpu": 50.0}, step=step)
run.finish()
with open("done.txt", "w") as f:
    f.write("%s %d\\n" % (run.uid, run.dropped))
`;

/** Logs until requeued (SIGTERM flushes); started again, goes back to the checkpoint of step 50. */
const REQUEUED = `
import os, time, slurmdeck_tracker
if int(os.environ.get("SLURM_RESTART_COUNT") or 0) == 0:
    run = slurmdeck_tracker.init(project="it", interval=0.2)
    for step in range(100000):
        run.log({"loss": 1.0}, step=step)
        if step == 60:
            run.flush()
            with open("ready.txt", "w") as f:
                f.write(run.uid)
        time.sleep(0.02)
else:
    run = slurmdeck_tracker.init(project="it", resume_step=50, interval=0.2)
    for step in range(51, 100):
        run.log({"loss": 2.0}, step=step)
    run.finish()
    with open("done.txt", "w") as f:
        f.write("%s %d\\n" % (run.uid, run.dropped))
`;

/** A batch job running /usr/bin/python3 with the client on PYTHONPATH, in a folder of its own. */
function submitTraining(
  name: string,
  exports: Record<string, string>,
  script = TRAIN,
  extra: string[] = [],
  run = 'exec /usr/bin/python3 train.py',
) {
  const dir = join(rootDir, name);
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'train.py'), script);
  const lines = Object.entries({ PYTHONPATH: pythonDir, ...exports }).map(
    ([k, v]) => `export ${k}='${v}'`,
  );
  writeFileSync(join(dir, 'job.sh'), `#!/bin/sh\n${lines.join('\n')}\n${run}\n`);
  const id = asRoot([
    'sbatch',
    '--parsable',
    '-J',
    name,
    '-D',
    dir,
    '-o',
    join(dir, 'job.out'),
    ...extra,
    join(dir, 'job.sh'),
  ]);
  jobs.push(id);
  const done = () =>
    until(
      `job ${id} to log its points`,
      () => {
        const file = join(dir, 'done.txt');
        return existsSync(file) && readFileSync(file, 'utf8').endsWith('\n')
          ? (readFileSync(file, 'utf8').trim().split(' ') as [string, string])
          : undefined;
      },
      id,
    );
  return { id, dir, done };
}

async function expectEveryStepOnce(uid: string) {
  for (const key of ['loss', 'acc', 'sys/cpu']) {
    const metric = await api(`/api/tracker/runs/${uid}/metric?key=${encodeURIComponent(key)}`);
    expect(metric.status).toBe(200);
    expect(metric.body['steps'], key).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  }
  const chart = await api(`/api/tracker/runs/${uid}/metric?key=loss&width=100`);
  expect(chart.body).toMatchObject({ total: 3000, downsampled: true });
  expect((chart.body['values'] as number[])[0]).toBe(1);
}

describe('the tracker with a Python training job on the dev cluster', () => {
  it('takes every point of a job that logs online exactly once, tied to the job', async () => {
    const job = submitTraining('online', {
      SLURMDECK_URL: serve.url,
      SLURMDECK_TOKEN: token,
    });
    const [uid, dropped] = await job.done();
    expect(dropped).toBe('0');
    const run = await api(`/api/tracker/runs/${uid}`);
    expect(run.body).toMatchObject({
      run: { project: 'it', jobId: job.id, status: 'finished', config: { lr: 0.1 }, tags: ['dev'] },
      keys: ['acc', 'loss', 'sys/cpu'],
    });
    expect((run.body['run'] as { host: string }).host).toMatch(/^n[1-3]$/);
    await expectEveryStepOnce(uid);
    expect(existsSync(join(job.dir, '.slurmdeck', 'tracker', uid, 'batches.ndjson'))).toBe(false);
  }, 180_000);

  it('spools a job whose server is away; the spool, sent twice, counts every point once', async () => {
    const job = submitTraining('offline', {
      SLURMDECK_URL: `http://${BRIDGE}:9`,
      SLURMDECK_TOKEN: token,
    });
    const [uid] = await job.done();
    const folder = join(job.dir, '.slurmdeck', 'tracker', uid);
    const record = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(record).toMatchObject({ run: uid, project: 'it', job_id: job.id, seq_start: 1 });
    expect(
      (
        await api('/api/tracker/runs', {
          method: 'POST',
          body: JSON.stringify(record),
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(201);
    const ndjson = readFileSync(join(folder, 'batches.ndjson'), 'utf8');
    const lines = ndjson.trim().split('\n').length;
    const post = () =>
      api('/api/tracker/batches', {
        method: 'POST',
        body: ndjson,
        headers: { 'content-type': 'application/x-ndjson' },
      });
    expect((await post()).body).toEqual({ applied: lines, duplicates: 0, points: 9000 });
    expect((await post()).body).toEqual({ applied: 0, duplicates: lines, points: 0 });
    await expectEveryStepOnce(uid);
  }, 180_000);

  it('continues the run of a requeued job; resume_step=50 supersedes what the first start logged after 50', async () => {
    const job = submitTraining(
      'requeue',
      { SLURMDECK_URL: serve.url, SLURMDECK_TOKEN: token },
      REQUEUED,
      ['--requeue'],
    );
    await until(
      'the first start to log past step 60',
      () => (existsSync(join(job.dir, 'ready.txt')) ? true : undefined),
      job.id,
    );
    asRoot(['scontrol', 'requeue', job.id]);
    await releaseRequeuedJob(asRoot, job.id);
    const [uid] = await job.done();
    expect(readFileSync(join(job.dir, 'ready.txt'), 'utf8')).toBe(uid);
    const run = await api(`/api/tracker/runs/${uid}`);
    expect(run.body['run']).toMatchObject({
      jobId: job.id,
      attempts: 2,
      restartCount: 1,
      status: 'finished',
    });
    const loss = await api(`/api/tracker/runs/${uid}/metric?key=loss`);
    expect(loss.body['steps']).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const values = loss.body['values'] as number[];
    expect(values.slice(0, 51).every((v) => v === 1)).toBe(true);
    expect(values.slice(51).every((v) => v === 2)).toBe(true);
  }, 240_000);
});

/** Logs, flushes, then holds three times its --mem until Slurm kills its step for memory. */
const HOG = `
import time, slurmdeck_tracker
run = slurmdeck_tracker.init(project="it-end", interval=0.2)
for step in range(100):
    run.log({"loss": 1.0}, step=step)
run.flush()
with open("logged.txt", "w") as f:
    f.write(run.uid)
x = bytearray(300 * 2**20)
for i in range(0, len(x), 4096):
    x[i] = 1
time.sleep(60)  # the cluster samples memory every few seconds (OverMemoryKill)
`;
import { releaseRequeuedJob } from './requeue-release.js';

describe("a run's status from its job's real end", () => {
  const online = () => ({ SLURMDECK_URL: serve.url, SLURMDECK_TOKEN: token });

  async function outcomeOf(uid: string, jobId: string) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { body } = await api(`/api/tracker/runs/${uid}`);
      const run = body['run'] as { jobOutcome?: string } | undefined;
      if (run?.jobOutcome) return body['run'] as Record<string, unknown>;
      if (Date.now() > deadline) {
        const state = asRoot(['sacct', '-n', '-P', '-j', jobId, '-o', 'JobID,State,ExitCode']);
        throw new Error(`run ${uid} has no job outcome (sacct: ${state}): ${serve.stderr()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  function finishedEvents(uid: string) {
    const db = new Database(join(env.SLURMDECK_STATE_DIR, 'slurmdeck.db'), { readonly: true });
    try {
      return (
        db
          .prepare("SELECT payload FROM events WHERE kind = 'tracker.run.finished' AND subject = ?")
          .pluck()
          .all(`run/${uid}`) as string[]
      ).map((text) => JSON.parse(text) as Record<string, unknown>);
    } finally {
      db.close();
    }
  }

  it('says OUT_OF_MEMORY for a job killed for memory whose script then exited 0', async () => {
    // The training is a step of its own; `|| true` and the batch script exits 0 after it was
    // killed, as a script that swallows its command's failure does.
    const job = submitTraining(
      'oom',
      online(),
      HOG,
      ['--mem=100M'],
      'srun /usr/bin/python3 train.py || true\nexit 0',
    );
    await until(
      'the run to log before it takes the memory',
      () => (existsSync(join(job.dir, 'logged.txt')) ? true : undefined),
      job.id,
    );
    const uid = readFileSync(join(job.dir, 'logged.txt'), 'utf8');
    const run = await outcomeOf(uid, job.id);
    expect(run).toMatchObject({ jobId: job.id, jobOutcome: 'OUT_OF_MEMORY', status: 'failed' });
    expect(asRoot(['sacct', '-n', '-X', '-P', '-j', job.id, '-o', 'ExitCode'])).toMatch(/^0:/);
    expect(finishedEvents(uid)).toContainEqual(
      expect.objectContaining({ uid, status: 'failed', jobOutcome: 'OUT_OF_MEMORY' }),
    );
  }, 180_000);

  it('says COMPLETED for a job that ends normally, and FAILED with the exit code', async () => {
    const good = submitTraining('ends-ok', online());
    const bad = submitTraining(
      'ends-bad',
      online(),
      TRAIN,
      [],
      '/usr/bin/python3 train.py\nexit 3',
    );
    const [okUid] = await good.done();
    const [badUid] = await bad.done();
    expect(await outcomeOf(okUid, good.id)).toMatchObject({
      jobOutcome: 'COMPLETED',
      status: 'finished',
      exitCode: 0,
    });
    expect(await outcomeOf(badUid, bad.id)).toMatchObject({
      jobOutcome: 'FAILED',
      status: 'failed',
      exitCode: 3,
    });
    expect(finishedEvents(okUid)).toContainEqual(
      expect.objectContaining({ uid: okUid, status: 'finished', jobOutcome: 'COMPLETED' }),
    );
  }, 180_000);
});
