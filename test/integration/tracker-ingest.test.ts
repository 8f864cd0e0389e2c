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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

// Jobs on compute nodes with no server to talk to: one logs through the Python client (which
// then writes only its spool), one writes TensorBoard files with torch's SummaryWriter. The
// ingest loop beside `serve`'s poller brings both into the store, across a kill -9 of serve.
const root = inject('devRoot');
const pythonDir = join(import.meta.dirname, '..', '..', 'python');
const venvPython = join(process.env['SLURMDECK_PY'] ?? '/opt/slurmdeck-py', 'bin', 'python');
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  // A short path: the ssh control sockets live under the state dir.
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-ingest-')),
  SLURMDECK_LOG: 'warn',
};
const rootDir = mkdtempSync(join(root, 'test', 'ingest-'));
chmodSync(rootDir, 0o755);
const jobs: string[] = [];
const STEPS = 300;
let serve: ServeProcess | undefined;
let token = '';

const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

const SPOOL_ONLY = `
import time, slurmdeck_tracker
run = slurmdeck_tracker.init(project="ingest", interval=0.5)
with open("uid.txt", "w") as f:
    f.write(run.uid + "\\n")
for step in range(${STEPS}):
    run.log({"loss": 1.0 / (step + 1)}, step=step)
    time.sleep(0.1)
run.finish()
open("done.txt", "w").write("done\\n")
`;

const TENSORBOARD = `
import time
from torch.utils.tensorboard import SummaryWriter
w = SummaryWriter("tb", flush_secs=1)
for step in range(${STEPS}):
    w.add_scalar("train/loss", 1.0 / (step + 1), step)
    time.sleep(0.1)
w.close()
open("done.txt", "w").write("done\\n")
`;

const cli = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');

/** Busy on one core with 100 MB touched, writing TensorBoard scalars outside its work dir. */
const BUSY = `
import time
from torch.utils.tensorboard import SummaryWriter
w = SummaryWriter("../tb-elsewhere", flush_secs=1)
data = bytearray(100 * 2**20)
for i in range(0, len(data), 4096):
    data[i] = 1
end, step = time.time() + 8, 0
while time.time() < end:
    sum(range(10000))
    if step % 100 == 0:
        w.add_scalar("busy", step, step)
    step += 1
w.close()
`;

function submit(
  name: string,
  python: string,
  script: string,
  wrapper = '',
): { id: string; dir: string } {
  const dir = join(rootDir, name);
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'train.py'), script);
  writeFileSync(
    join(dir, 'job.sh'),
    `#!/bin/sh\nunset SLURMDECK_URL SLURMDECK_TOKEN SLURMDECK_SPOOL_DIR\nexport PYTHONPATH='${pythonDir}'\nexec ${wrapper}${python} train.py\n`,
  );
  const id = asRoot([
    'sbatch',
    '--parsable',
    '-J',
    name,
    '-D',
    dir,
    '-o',
    join(dir, 'job.out'),
    join(dir, 'job.sh'),
  ]);
  jobs.push(id);
  return { id, dir };
}

async function api(path: string) {
  if (!serve) throw new Error('serve is not running');
  const res = await fetch(`${serve.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 120_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (${serve?.stderr()})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function metric(uid: string, key: string) {
  const got = await api(`/api/tracker/runs/${uid}/metric?key=${encodeURIComponent(key)}`);
  return got.status === 200
    ? (got.body as { steps: number[]; times: number[] })
    : { steps: [] as number[], times: [] as number[] };
}

async function tensorboardRun(jobId: string): Promise<string | undefined> {
  const got = await api(`/api/tracker/runs?jobId=${jobId}&tag=tensorboard`);
  const runs = got.body['runs'] as { uid: string }[] | undefined;
  return runs?.[0]?.uid;
}

beforeAll(async () => {
  if (!existsSync(venvPython))
    throw new Error(`${venvPython} is missing: run scripts/python-env.sh`);
  const created = await runCli(['serve', 'token', 'create', 'ingest', '--role', 'operate'], env);
  expect(created.code, created.stderr).toBe(0);
  token = created.stdout.trim();
}, 60_000);

afterAll(() => {
  if (jobs.length > 0) asRoot(['scancel', ...jobs]);
  if (serve?.child.exitCode === null) serve.child.kill('SIGKILL');
  rmSync(rootDir, { recursive: true, force: true });
});

describe('the ingest loop beside serve', () => {
  it('brings spool-only and TensorBoard points of running jobs into the store, each once, across a kill -9 of serve', async () => {
    const spool = submit('spool-only', '/usr/bin/python3', SPOOL_ONLY);
    const board = submit('tensorboard', venvPython, TENSORBOARD);
    const added = await runCli(['watch', 'add', spool.id, board.id], env);
    expect(added.code, added.stderr).toBe(0);
    serve = await startServe(env);

    const uid = await until('the spool run', async () => {
      const file = join(spool.dir, 'uid.txt');
      return existsSync(file) && readFileSync(file, 'utf8').endsWith('\n')
        ? readFileSync(file, 'utf8').trim()
        : undefined;
    });
    // Part of each series arrives; then serve dies without a chance to save anything more.
    await until('some spool points', async () =>
      (await metric(uid, 'loss')).steps.length >= 30 ? true : undefined,
    );
    const tbUid = await until('the TensorBoard run', () => tensorboardRun(board.id));
    await until('some TensorBoard points', async () =>
      (await metric(tbUid, 'train/loss')).steps.length >= 30 ? true : undefined,
    );
    serve.child.kill('SIGKILL');
    await serve.exited;
    serve = await startServe(env);

    // While the jobs go on: how long a logged point takes to be served (its wall time to now).
    const delays: number[] = [];
    let seen = -1;
    while (delays.length < 10) {
      const { steps, times } = await metric(uid, 'loss');
      const last = steps.length - 1;
      if (last >= 0 && (steps[last] as number) > seen) {
        if (seen >= 0) delays.push(Date.now() / 1000 - (times[last] as number));
        seen = steps[last] as number;
      }
      if (seen >= STEPS - 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const every = Array.from({ length: STEPS }, (_, i) => i);
    await until(
      'every spool step',
      async () => ((await metric(uid, 'loss')).steps.length >= STEPS ? true : undefined),
      180_000,
    );
    await until(
      'every TensorBoard step',
      async () => ((await metric(tbUid, 'train/loss')).steps.length >= STEPS ? true : undefined),
      180_000,
    );
    // A poll or two more: nothing arrives twice.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect((await metric(uid, 'loss')).steps).toEqual(every);
    expect((await metric(tbUid, 'train/loss')).steps).toEqual(every);
    const tbRuns = (await api(`/api/tracker/runs?jobId=${board.id}`)).body['runs'] as unknown[];
    expect(tbRuns).toHaveLength(1);
    expect(tbRuns[0]).toMatchObject({
      name: `tensorboard ${board.id} tb`,
      cluster: 'dev',
      jobId: board.id,
    });
    const spoolRun = (await api(`/api/tracker/runs/${uid}`)).body['run'];
    expect(spoolRun).toMatchObject({ project: 'ingest', jobId: spool.id });

    delays.sort((a, b) => a - b);
    process.stderr.write(
      `ingest latency (point logged on the compute node -> served): median ${delays[Math.floor(delays.length / 2)]?.toFixed(2)} s, max ${delays.at(-1)?.toFixed(2)} s over ${delays.length}\n`,
    );
    expect(delays.length).toBeGreaterThan(3);
    expect(delays[Math.floor(delays.length / 2)]).toBeLessThanOrEqual(5);
  }, 300_000);

  it('samples the CPU and RSS of a job run through slurmdeck run, and finds its --tensorboard folder', async () => {
    mkdirSync(join(rootDir, 'tb-elsewhere'));
    chmodSync(join(rootDir, 'tb-elsewhere'), 0o777);
    const job = submit(
      'sys',
      venvPython,
      BUSY,
      `node ${cli} run --sys-interval 1 --tensorboard ../tb-elsewhere -- `,
    );
    // As the dashboard or an agent would: serve watches the job and its poller looks at once.
    const watched = await fetch(`${serve?.url}/api/clusters/dev/watch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ jobIds: [job.id] }),
    });
    expect(watched.status, await watched.clone().text()).toBe(200);
    const series = async (key: string) => {
      const got = await api(`/api/tracker/runs?jobId=${job.id}&tag=system`);
      const uid = (got.body['runs'] as { uid: string }[] | undefined)?.[0]?.uid;
      if (!uid) return undefined;
      const points = await api(`/api/tracker/runs/${uid}/metric?key=${encodeURIComponent(key)}`);
      return points.status === 200 ? (points.body as { values: number[] }).values : undefined;
    };
    const cpu = await until('sys/cpu_percent points', async () => {
      const values = await series('sys/cpu_percent');
      return values && values.length >= 4 ? values : undefined;
    });
    expect(Math.max(...cpu)).toBeGreaterThan(50);
    const rss = await until('sys/rss_bytes points', () => series('sys/rss_bytes'));
    expect(Math.max(...rss)).toBeGreaterThan(100 * 2 ** 20);
    expect(Math.max(...rss)).toBeLessThan(4 * 2 ** 30);
    const board = await until('the --tensorboard run', () => tensorboardRun(job.id));
    await until('its scalars', async () =>
      (await metric(board, 'busy')).steps.length > 0 ? true : undefined,
    );
  }, 180_000);
});
