import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cliPath, runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const root = inject('devRoot');
const pythonDir = join(import.meta.dirname, '..', '..', 'python');
const PYTHON = '/opt/slurmdeck-py/bin/python';
/** The host's side of the dev cluster's bridge: compute nodes reach the server here. */
const BRIDGE = '10.77.0.1';
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync('/tmp/sdeck-tsubmit-state-'),
  SLURMDECK_LOG: 'warn',
};
const rootDir = mkdtempSync(join(root, 'test', 'tracker-submit-'));
chmodSync(rootDir, 0o777);
const hookFile = join(root, 'hooks', 'epilog.d', `50-tracker-submit-${process.pid}`);
const secretFile = join(root, 'test', `tracker-hook-${process.pid}.secret`);
const jobs: string[] = [];
let serve: ServeProcess;
let token = '';

const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

beforeAll(async () => {
  writeFileSync(secretFile, `whsec_${randomBytes(24).toString('base64')}\n`, { mode: 0o600 });
  const slurm = Number(execFileSync('id', ['-u', 'slurm'], { encoding: 'utf8' }));
  // A 10-minute poll interval: a job's end known within seconds can only come from the push.
  serve = await startServe(env, [
    '--host',
    BRIDGE,
    '--insecure-http',
    '--poll-interval',
    '600',
    '--push-listen',
    `${BRIDGE}:0`,
    '--push-secret-file',
    secretFile,
  ]);
  chownSync(secretFile, slurm, slurm);
  const address = /taking job-end pushes on (\S+)/.exec(serve.stderr())?.[1];
  expect(address, serve.stderr()).toBeDefined();
  const hook = `/usr/bin/node ${cliPath} hook epilog --url http://${address}/job-end --secret-file ${secretFile}`;
  writeFileSync(hookFile, `#!/bin/sh\n${hook}\n`);
  chmodSync(hookFile, 0o755);
  const created = await runCli(['serve', 'token', 'create', 'tester', '--role', 'operate'], env);
  expect(created.code, created.stderr).toBe(0);
  token = created.stdout.trim();
}, 60_000);

afterAll(() => {
  rmSync(hookFile, { force: true });
  rmSync(secretFile, { force: true });
  if (jobs.length > 0) asRoot(['scancel', ...jobs]);
  if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  rmSync(rootDir, { recursive: true, force: true });
});

async function api(path: string, init: RequestInit = {}) {
  const res = await fetch(`${serve.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string>),
    },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, jobId: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const state = asRoot(['sacct', '-n', '-P', '-j', jobId, '-o', 'JobID,State,ExitCode']);
      throw new Error(`timed out waiting for ${what} (sacct: ${state}; serve: ${serve.stderr()})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A job folder the job's user may write, with its files. */
function jobDir(name: string, files: Record<string, string>): string {
  const dir = join(rootDir, name);
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

async function submit(dir: string, extra: string[] = []) {
  const result = await runCli(
    ['submit', '--chdir', dir, '--output', join(dir, 'job-%a.out'), ...extra, join(dir, 'job.sh')],
    env,
  );
  expect(result.code, result.stderr).toBe(0);
  const id = /submitted job (\d+)/.exec(result.stdout)?.[1] as string;
  jobs.push(id);
  return { id, result };
}

interface RunView {
  uid: string;
  jobId?: string;
  arrayTask?: number;
  status: string;
  jobOutcome?: string;
  exitCode?: number;
  endedAt?: string;
}

const ONLINE = `
import json, os, time, urllib.request, urllib.error, slurmdeck_tracker
run = slurmdeck_tracker.init(project="it-submit", interval=0.2)
for step in range(500):
    run.log({"loss": 1.0 / (step + 1)}, step=step)
run.finish()
url, token = os.environ["SLURMDECK_URL"], os.environ["SLURMDECK_TOKEN"]
def status(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method=method, headers={
        "authorization": "Bearer " + token, "content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status
    except urllib.error.HTTPError as error:
        return error.code
other = open("other.txt").read().strip()
codes = {
    "other_run": status("GET", "/api/tracker/runs/" + other),
    "other_batch": status("POST", "/api/tracker/batches", {
        "run": other, "seq": 1, "points": [{"k": "x", "s": 0, "v": 1, "t": 1.8e9}]}),
    "clusters": status("GET", "/api/clusters"),
    "runs": status("GET", "/api/tracker/runs"),
    "submit": status("POST", "/api/clusters/dev/jobs", {"wrap": "true"}),
    "mcp": status("POST", "/mcp", {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
}
with open("token.txt", "w") as f:
    f.write(token)
with open("done.txt", "w") as f:
    f.write(json.dumps({"uid": run.uid, "cluster": os.environ.get("SLURMDECK_CLUSTER"), "codes": codes}) + "\\n")
# Past the poll its run's start asked for: the end can only come from the push.
time.sleep(5)
`;

describe('jobs submitted while a server runs log to it with a token of their own', () => {
  it('logs online through SLURMDECK_URL/TOKEN set by submit; the token can do nothing else; the epilog push ends the run', async () => {
    // A run of another job of the same user: the job's token may neither read nor feed it.
    const other = `other-job-run-${process.pid}`;
    const made = await api('/api/tracker/runs', {
      method: 'POST',
      body: JSON.stringify({ run: other, project: 'it-other', cluster: 'dev', job_id: '999999' }),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const dir = jobDir('online', {
      'other.txt': other,
      'train.py': ONLINE,
      'job.sh': `#!/bin/sh\nexport PYTHONPATH=${pythonDir}\nexec ${PYTHON} train.py\n`,
    });
    const { id, result } = await submit(dir, ['--job-name', 'tracker-online']);
    const done = await until(
      `job ${id} to log`,
      async () => {
        const file = join(dir, 'done.txt');
        return existsSync(file) && readFileSync(file, 'utf8').endsWith('\n')
          ? (JSON.parse(readFileSync(file, 'utf8')) as {
              uid: string;
              cluster: string;
              codes: Record<string, number>;
            })
          : undefined;
      },
      id,
    );
    const jobToken = readFileSync(join(dir, 'token.txt'), 'utf8');
    expect(jobToken).toMatch(/^slurmdeckjob_/);
    expect(done.cluster).toBe('dev');
    // Only the tracker client's routes: everything else is refused (MCP does not know it).
    expect(done.codes).toEqual({
      other_run: 403,
      other_batch: 403,
      clusters: 403,
      runs: 403,
      submit: 403,
      mcp: 401,
    });
    expect(await api(`/api/tracker/runs/${other}`)).toMatchObject({ body: { nextSeq: 1 } });
    const run = await api(`/api/tracker/runs/${done.uid}`);
    expect(run.body).toMatchObject({
      run: { project: 'it-submit', jobId: id, cluster: 'dev', status: 'finished' },
      keys: ['loss'],
    });
    const metric = await api(`/api/tracker/runs/${done.uid}/metric?key=loss`);
    expect(metric.body['steps']).toEqual(Array.from({ length: 500 }, (_, i) => i));
    // Nowhere in sight: not in what submit printed, the job's record, or serve's log.
    const shown = asRoot(['scontrol', 'show', 'job', '-d', id]);
    for (const text of [result.stdout, result.stderr, shown, serve.stderr()]) {
      expect(text).not.toContain(jobToken);
    }
    // The job's end reaches the run within seconds, though serve polls every 10 minutes.
    const ended = await until(
      `the run of job ${id} to take the job's end`,
      async () => {
        const view = (await api(`/api/tracker/runs/${done.uid}`)).body['run'] as RunView;
        return view.jobOutcome === undefined ? undefined : view;
      },
      id,
    );
    expect(ended).toMatchObject({ jobOutcome: 'COMPLETED', status: 'finished' });
    // Its own client's read still works (until the job's time limit plus a margin).
    const again = await fetch(`${serve.url}/api/tracker/runs/${done.uid}`, {
      headers: { authorization: `Bearer ${jobToken}` },
    });
    expect(again.status).toBe(200);
    // serve token list shows it by its job, never its value; revoked, it stops at once.
    const listed = await runCli(['serve', 'token', 'list', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain(jobToken);
    expect(JSON.parse(listed.stdout)).toContainEqual(
      expect.objectContaining({
        name: `job-dev-${id}`,
        kind: 'job',
        role: 'tracker',
        jobId: id,
        firstUsedAt: expect.any(String),
      }),
    );
    const revoked = await runCli(['serve', 'token', 'revoke', `job-dev-${id}`], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    const gone = await fetch(`${serve.url}/api/tracker/runs/${done.uid}`, {
      headers: { authorization: `Bearer ${jobToken}` },
    });
    expect(gone.status).toBe(401);
  }, 240_000);

  it('an array of 2 tasks logging to a spool of their own makes 2 runs, ended by finish.json', async () => {
    const train = `
import slurmdeck_tracker
run = slurmdeck_tracker.init(project="it-array", interval=0.2)
for step in range(200):
    run.log({"loss": float(step)}, step=step)
run.finish("failed", exit_code=5)
`;
    const dir = jobDir('array', {
      'train.py': train,
      // The server is out of reach: only the spool (named by slurmdeck run's record) brings the points.
      'job.sh': [
        '#!/bin/sh',
        `export PYTHONPATH=${pythonDir}`,
        `export SLURMDECK_URL=http://${BRIDGE}:9`,
        'export SLURMDECK_SPOOL_DIR="$PWD/spool-here"',
        `/usr/bin/node ${cliPath} run --sys-interval 0 -- ${PYTHON} train.py`,
        // Still running when the client's finish is read: the run's end is the client's.
        'sleep 25',
        '',
      ].join('\n'),
    });
    const { id } = await submit(dir, ['--array', '0-1', '--job-name', 'tracker-array']);
    const watched = await api('/api/clusters/dev/watch', {
      method: 'POST',
      body: JSON.stringify({ jobIds: [id] }),
    });
    expect(watched.status, JSON.stringify(watched.body)).toBeLessThan(300);
    const runs = await until(
      `the 2 runs of array ${id} to finish`,
      async () => {
        const list = (await api('/api/tracker/runs?project=it-array')).body['runs'] as RunView[];
        const mine = list.filter((r) => r.jobId?.startsWith(`${id}_`));
        return mine.length === 2 && mine.every((r) => r.status !== 'running') ? mine : undefined;
      },
      id,
    );
    const byTask = runs.sort((a, b) => (a.arrayTask ?? 0) - (b.arrayTask ?? 0));
    expect(byTask.map((r) => [r.jobId, r.arrayTask])).toEqual([
      [`${id}_0`, 0],
      [`${id}_1`, 1],
    ]);
    for (const run of byTask) {
      // The client's end (finish.json), before the job itself ended.
      expect(run).toMatchObject({ status: 'failed', exitCode: 5 });
      expect(run.jobOutcome).toBeUndefined();
      expect(run.endedAt).toBeDefined();
      const metric = await api(`/api/tracker/runs/${run.uid}/metric?key=loss`);
      expect(metric.body['steps']).toEqual(Array.from({ length: 200 }, (_, i) => i));
    }
    expect(existsSync(join(dir, '.slurmdeck', 'tracker'))).toBe(false);
    // Then each task's own end, pushed by the epilog hook.
    const ends = await until(
      `the tasks of array ${id} to end`,
      async () => {
        const list = (await api('/api/tracker/runs?project=it-array')).body['runs'] as RunView[];
        const mine = list.filter((r) => r.jobId?.startsWith(`${id}_`));
        return mine.every((r) => r.jobOutcome !== undefined) ? mine : undefined;
      },
      id,
    );
    expect(ends.map((r) => r.jobOutcome)).toEqual(['COMPLETED', 'COMPLETED']);
  }, 300_000);
});
