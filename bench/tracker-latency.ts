import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { devRoot } from '../src/devcluster/index.js';
import { useDevClusterClient } from './dev-cluster-env.js';

// A point logged on a compute node until the dashboard's API serves it, online (HTTP to serve)
// and offline (spool only, read by serve's ingest over ssh). Target: <= 5 s.
const TARGET_S = 5;
const POINTS = Number(process.env['BENCH_LATENCY_POINTS'] ?? 60);
const EVERY_S = 0.5;
const POLL_MS = 100;
/** The host's side of the dev cluster's bridge: compute nodes reach serve here. */
const BRIDGE = '10.77.0.1';
const CLI = join(import.meta.dirname, '..', 'dist', 'bin.js');
const PYTHON_DIR = join(import.meta.dirname, '..', 'python');
const PYTHON = join(process.env['SLURMDECK_PY'] ?? '/opt/slurmdeck-py', 'bin', 'python');

/** Client defaults (its 2 s send interval): what a user's training gets. */
const TRAIN = `
import time, slurmdeck_tracker
run = slurmdeck_tracker.init(project="bench-latency")
with open("uid.txt", "w") as f:
    f.write(run.uid + "\\n")
for step in range(${POINTS}):
    run.log({"loss": 1.0 / (step + 1)}, step=step)
    time.sleep(${EVERY_S})
run.finish()
`;

interface Mode {
  label: string;
  /** Shell lines before python: offline points the client at a port nobody listens on. */
  env: string;
}

const MODES: Mode[] = [
  { label: 'online (HTTP)', env: '' },
  {
    label: 'offline (spool + ingest)',
    env: `export SLURMDECK_URL=http://${BRIDGE}:9\nunset SLURMDECK_TOKEN\n`,
  },
];

const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  promisify(execFile)('node', [CLI, ...args], { env, maxBuffer: 16 << 20 });

async function startServe(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('node', [CLI, 'serve', '--host', BRIDGE, '--port', '0', '--insecure-http'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
    lines.on('line', (line) => {
      const match = /^open (https?:\/\/\S+)\/login\?/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
  });
  return { child, url };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 180_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Submits (and watches, so serve ingests its spool) the job of one mode and times each of its points until GET .../metric shows it. */
async function measure(
  mode: Mode,
  dir: string,
  env: NodeJS.ProcessEnv,
  url: string,
  token: string,
): Promise<number[]> {
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  writeFileSync(join(dir, 'train.py'), TRAIN);
  writeFileSync(
    join(dir, 'job.sh'),
    `#!/bin/sh\n${mode.env}export PYTHONPATH='${PYTHON_DIR}'\nexec ${PYTHON} train.py\n`,
  );
  const { stdout } = await cli(
    ['submit', '--watch', '--chdir', dir, '--output', join(dir, 'job.out'), join(dir, 'job.sh')],
    env,
  );
  const jobId = /submitted job (\d+)/.exec(stdout)?.[1];
  const uidFile = join(dir, 'uid.txt');
  const uid = await waitFor(`job ${jobId} to start logging`, () =>
    existsSync(uidFile) && readFileSync(uidFile, 'utf8').endsWith('\n')
      ? readFileSync(uidFile, 'utf8').trim()
      : undefined,
  );
  const delays: number[] = [];
  let seen = 0;
  const deadline = Date.now() + (POINTS * EVERY_S + 120) * 1000;
  while (seen < POINTS && Date.now() < deadline) {
    const res = await fetch(`${url}/api/tracker/runs/${uid}/metric?key=loss`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const now = Date.now() / 1000;
    if (res.ok) {
      const { times } = (await res.json()) as { steps: number[]; times: number[] };
      for (; seen < times.length; seen++) delays.push(now - (times[seen] as number));
    } else await res.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (seen < POINTS) console.error(`${mode.label}: only ${seen} of ${POINTS} points arrived`);
  return delays;
}

export async function benchTrackerLatency(): Promise<void> {
  useDevClusterClient();
  const config = join(devRoot(), 'test', 'config.yaml');
  if (!existsSync(config)) {
    console.error(`${config} is missing: run one integration test first (it writes the config)`);
    process.exit(1);
  }
  const state = mkdtempSync(join(tmpdir(), 'sd-lat-'));
  copyFileSync(config, join(state, 'config.yaml'));
  const env = {
    ...process.env,
    SLURMDECK_CONFIG: join(state, 'config.yaml'),
    SLURMDECK_STATE_DIR: state,
    SLURMDECK_LOG: 'warn',
  };
  const work = mkdtempSync(join(devRoot(), 'test', 'bench-latency-'));
  chmodSync(work, 0o777);
  const token = (
    await cli(['serve', 'token', 'create', 'bench', '--role', 'operate'], env)
  ).stdout.trim();
  const serve = await startServe(env);
  const rows: Array<{ label: string; delays: number[] }> = [];
  try {
    for (const [i, mode] of MODES.entries()) {
      rows.push({
        label: mode.label,
        delays: await measure(mode, join(work, `mode-${i}`), env, serve.url, token),
      });
    }
  } finally {
    serve.child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  }
  console.log(
    `tracker latency: ${POINTS} points, one every ${EVERY_S} s, client defaults; ` +
      `log call (client wall time) -> visible in GET /api/tracker/runs/{uid}/metric (polled every ${POLL_MS} ms)`,
  );
  console.log(
    `${'mode'.padEnd(26)}${'points'.padStart(8)}${'p50 s'.padStart(9)}${'p95 s'.padStart(9)}${'max s'.padStart(9)}  target`,
  );
  for (const { label, delays } of rows) {
    const sorted = [...delays].sort((a, b) => a - b);
    const cell = (q: number) => (sorted.length ? quantile(sorted, q).toFixed(2) : '-').padStart(9);
    const max = sorted.length ? (sorted[sorted.length - 1] as number) : Infinity;
    console.log(
      `${label.padEnd(26)}${String(sorted.length).padStart(8)}${cell(0.5)}${cell(0.95)}${cell(1)}` +
        `  <= ${TARGET_S} s ${max <= TARGET_S ? 'met' : 'MISSED'}`,
    );
  }
}
