import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, resolveCluster } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { restartController, startNode, stopNode } from '../../src/devcluster/index.js';
import { createJobPoller, createWatchStore, type JobReport } from '../../src/jobs/index.js';
import { createSlurmClient } from '../../src/slurm/index.js';
import { openDatabase } from '../../src/store/index.js';
import { createSshTransport, type Transport } from '../../src/transport/index.js';

const configFile = inject('configFile');
const root = inject('devRoot');
const cli = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');
const stateDir = mkdtempSync(join(tmpdir(), 'slurmdeck-watch-'));
const env = { ...process.env, SLURMDECK_CONFIG: configFile, SLURMDECK_STATE_DIR: stateDir };

const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

let transport: Transport;
const submitAsUser = async (args: string[]): Promise<string> => {
  const result = await transport.exec(['sbatch', '--parsable', ...args]);
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout.trim().split(';')[0] as string;
};

/** `slurmdeck watch IDS --json` to the end, as a user runs it; the reports it printed. */
async function watchCli(ids: string[]): Promise<JobReport[]> {
  const { stdout } = await promisify(execFile)(
    'node',
    [cli, 'watch', ...ids, '--interval', '1', '--json'],
    {
      env,
      timeout: 180_000,
    },
  );
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; report: JobReport })
    .filter((entry) => entry.type === 'finished')
    .map((entry) => entry.report);
}

function libraryWatcher(file: string) {
  const { name, cluster } = resolveCluster(loadConfig(configFile), 'dev');
  if (cluster.transport !== 'ssh') throw new Error('dev is an ssh cluster');
  const slurm = createSlurmClient(transport, { user: 'sduser' });
  const store = createWatchStore(openDatabase({ file }));
  const watcher = createJobPoller({
    cluster: name,
    slurm,
    transport,
    store,
    log: createLogger('silent'),
  });
  return { store, watcher, name };
}

async function pollUntil(poll: () => Promise<unknown>, done: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await poll().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

beforeAll(() => {
  const { cluster } = resolveCluster(loadConfig(configFile), 'dev');
  if (cluster.transport !== 'ssh') throw new Error('dev is an ssh cluster');
  const { transport: _t, defaults: _d, sessions: _s, ...target } = cluster;
  transport = createSshTransport(target);
});
afterAll(async () => {
  await startNode(root, 'n3');
  // ReturnToService=2 brings n3 back by itself once its slurmd registers; wait for it.
  for (
    let i = 0;
    i < 60 && !/idle|mix|alloc/.test(asRoot(['sinfo', '-h', '-n', 'n3', '-o', '%t']));
    i++
  ) {
    await new Promise((r) => setTimeout(r, 500));
  }
  await transport.close();
});

describe('slurmdeck watch on the dev cluster', () => {
  it('reports success and a failure with its exit code and last log lines', async () => {
    const ok = await submitAsUser(['-J', 'w-ok', '--wrap', 'echo all good; sleep 1']);
    const bad = await submitAsUser([
      '-J',
      'w-bad',
      '--wrap',
      'echo something broke; sleep 1; exit 3',
    ]);
    const reports = await watchCli([ok, bad]);
    const byId = new Map(reports.map((r) => [r.jobId, r]));
    expect(byId.get(ok)).toMatchObject({
      outcome: 'COMPLETED',
      exitCode: 0,
      logTail: ['all good'],
    });
    expect(byId.get(bad)).toMatchObject({
      outcome: 'FAILED',
      exitCode: 3,
      logTail: ['something broke'],
    });
    expect(byId.get(bad)?.nodes).toMatch(/^n\d$/);
  });

  it("reads the wrapper's record: the command failed though the batch script exited 0", async () => {
    const wrapped = `node ${cli} run -- sh -c 'echo from the wrapped command; exit 7'; exit 0`;
    const id = await submitAsUser(['-J', 'w-wrapped', '--wrap', wrapped]);
    const [report] = await watchCli([id]);
    expect(report).toMatchObject({ outcome: 'FAILED', exitCode: 7 });
    expect(report?.logPath).toMatch(/\.slurmdeck\/logs\//);
    expect(report?.logTail).toContain('from the wrapped command');
  });

  it('keeps watching every job of the user with --mine, as they appear', async () => {
    const watcher = spawn('node', [cli, 'watch', '--mine', '--interval', '1', '--json'], { env });
    let stdout = '';
    watcher.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    try {
      await new Promise((r) => setTimeout(r, 1500));
      const id = await submitAsUser(['-J', 'w-mine', '--wrap', 'exit 0']);
      const deadline = Date.now() + 60_000;
      while (!stdout.includes(`"jobId":"${id}"`) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(stdout).toContain(`"jobId":"${id}","name":"w-mine"`);
    } finally {
      watcher.kill('SIGTERM');
    }
  });

  it('reports a job array once, under its id, by the task that ended worst', async () => {
    const array = await submitAsUser([
      '-J',
      'w-array',
      '--array=1-3',
      '--wrap',
      'sleep 1; exit $((SLURM_ARRAY_TASK_ID == 2 ? 6 : 0))',
    ]);
    const reports = await watchCli([array]);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ jobId: array, outcome: 'FAILED', exitCode: 6 });
  });

  it('reports CANCELLED for scancel, and who did it', async () => {
    const id = await submitAsUser(['-J', 'w-cancel', '--wrap', 'sleep 300']);
    setTimeout(() => void transport.exec(['scancel', id]), 2000);
    const [report] = await watchCli([id]);
    expect(report).toMatchObject({
      outcome: 'CANCELLED',
      cancelledBy: 'sduser',
      hint: 'Cancelled by sduser.',
    });
  });

  it('reports OUT_OF_MEMORY for a job over its --mem, with the peak', async () => {
    const hog =
      'python3 -c "x = bytearray(300 * 2**20); [x.__setitem__(i, 1) for i in range(0, len(x), 4096)]; import time; time.sleep(30)"';
    const id = await submitAsUser(['-J', 'w-oom', '--mem=100M', '--wrap', hog]);
    const [report] = await watchCli([id]);
    expect(report?.outcome).toBe('OUT_OF_MEMORY');
    expect(report?.hint).toMatch(/of the 0\.1 GiB it asked for/);
  });

  it('reports TIMEOUT for a job past its time limit, with the limit', async () => {
    const id = await submitAsUser(['-J', 'w-timeout', '--time=1', '--wrap', 'sleep 600']);
    const [report] = await watchCli([id]);
    expect(report).toMatchObject({ outcome: 'TIMEOUT', timeLimitSeconds: 60 });
    expect(report?.hint).toMatch(/time limit of 1 min/);
  }, 180_000);

  it('never reports COMPLETED for a job whose node died under it', async () => {
    const requeueable = await submitAsUser([
      '-J',
      'w-node-requeue',
      '-w',
      'n3',
      '--requeue',
      '--wrap',
      'sleep 600',
    ]);
    const fixed = await submitAsUser([
      '-J',
      'w-node-fail',
      '-w',
      'n3',
      '--no-requeue',
      '--wrap',
      'sleep 600',
    ]);
    const { store, watcher, name } = libraryWatcher(join(stateDir, 'node.db'));
    store.add(name, [requeueable, fixed]);
    await pollUntil(
      () => watcher.poll(),
      () =>
        store.get(name, fixed)?.lastState === 'RUNNING' &&
        store.get(name, requeueable)?.lastState === 'RUNNING',
      60_000,
    );
    await stopNode(root, 'n3');
    await pollUntil(
      () => watcher.poll(),
      () =>
        store.get(name, fixed)?.ended === true &&
        store
          .events({ cluster: name })
          .some((e) => e.jobId === requeueable && e.kind === 'requeued'),
      120_000,
    );
    expect(store.get(name, fixed)?.outcome).toBe('NODE_FAIL');
    // The dead node is shown as such, not responding, with Slurm's reason.
    const { stdout } = await promisify(execFile)('node', [cli, 'status', '--json'], { env });
    const n3 = (
      JSON.parse(stdout) as {
        unhealthyNodes: Array<{ name: string; responding: boolean; state: string }>;
      }
    ).unhealthyNodes.find((n) => n.name === 'n3');
    expect(n3).toMatchObject({ responding: false });
    // Requeued is a new run of the same job, not its end.
    expect(store.get(name, requeueable)?.ended).toBe(false);
    await transport.exec(['scancel', requeueable]);
    await startNode(root, 'n3');
  }, 240_000);

  it('loses no job end and duplicates none across a slurmctld restart', async () => {
    const id = await submitAsUser(['-J', 'w-ctld', '--wrap', 'sleep 10; exit 4']);
    const { store, watcher, name } = libraryWatcher(join(stateDir, 'ctld.db'));
    store.add(name, [id]);
    await pollUntil(
      () => watcher.poll(),
      () => store.get(name, id)?.lastState === 'RUNNING',
      60_000,
    );
    // The job ends while the controller is down; polls in between fail and must not end it.
    const restart = restartController(root, 8000);
    // Poll through the outage: some polls fail (the controller is down), none may end the job.
    let failedPolls = 0;
    for (let i = 0; i < 30 && failedPolls === 0; i++) {
      await watcher.poll().catch(() => failedPolls++);
      if (failedPolls === 0) await new Promise((r) => setTimeout(r, 500));
    }
    expect(failedPolls).toBeGreaterThan(0);
    expect(store.get(name, id)?.ended).toBe(false);
    await restart;
    await pollUntil(
      () => watcher.poll(),
      () => store.get(name, id)?.ended === true,
      90_000,
    );
    await watcher.poll();
    const finished = store
      .events({ cluster: name })
      .filter((e) => e.jobId === id && e.kind === 'finished');
    expect(finished).toHaveLength(1);
    expect(store.get(name, id)).toMatchObject({ outcome: 'FAILED', report: { exitCode: 4 } });
  }, 180_000);
});
