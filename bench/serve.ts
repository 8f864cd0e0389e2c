import { setMaxListeners } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createLogger } from '../src/core/logger.js';
import { openTokenStore, startServer } from '../src/server/index.js';
import { squeueArgv } from '../src/slurm/list-jobs.js';
import { createSlurmClient, rpcDelta, type SdiagReport } from '../src/slurm/index.js';
import { createLocalTransport } from '../src/transport/index.js';
import { useDevClusterClient } from './dev-cluster-env.js';

const INTERVAL_MS = 5000; // the server's live refresh interval
const INTERVALS = 3;
const REQUESTS = 200;
const JOBS = Number(process.env['BENCH_JOBS'] ?? 1000);
const NAME = 'slurmdeck-bench-serve';
const DASHBOARD = join(import.meta.dirname, '..', 'dist', 'web');
const local = createLocalTransport();
const slurm = createSlurmClient(local);
const JOB_RPCS = ['REQUEST_JOB_INFO', 'REQUEST_JOB_USER_INFO'];
const jobRpcs = (a: SdiagReport, b: SdiagReport) =>
  JOB_RPCS.reduce((n, t) => n + rpcDelta(a, b, t), 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** REQUEST_JOB_INFO over INTERVALS refresh intervals with `viewers` open event streams. */
async function rpcsWith(url: string, token: string, viewers: number): Promise<number> {
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  const streams = await Promise.all(
    Array.from({ length: viewers }, () =>
      fetch(`${url}/api/events?cluster=dev`, {
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal,
      }),
    ),
  );
  // Drain each stream so the server never waits on a full socket.
  for (const res of streams) void res.body?.pipeTo(new WritableStream()).catch(() => undefined);
  await sleep(1000);
  const before = await slurm.sdiag();
  await sleep(INTERVALS * INTERVAL_MS);
  const after = await slurm.sdiag();
  abort.abort();
  return jobRpcs(before, after);
}

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

/** The Queue page with JOBS jobs in headless Chromium: first contentful paint, table filled. */
async function queuePage(loginUrl: string): Promise<{ paint: number; filled: number }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    // The dashboard's CSP forbids eval, which Playwright's waiting uses: lift it for the bench.
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(loginUrl);
    const start = Date.now();
    await page.goto(`${new URL(loginUrl).origin}/queue`);
    // Runs in the page: a string, as the bench is compiled without the DOM's types.
    await page.waitForFunction(`document.querySelectorAll('[data-job]').length >= ${JOBS}`, null, {
      timeout: 120_000,
    });
    const filled = Date.now() - start;
    const paint = (await page.evaluate(
      `performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`,
    )) as number;
    return { paint, filled };
  } finally {
    await browser.close();
  }
}

/** JS and CSS the dashboard ships, gzipped. */
function shippedBytes(): number {
  return readdirSync(DASHBOARD)
    .filter((file) => /\.(js|css)$/.test(file))
    .reduce((sum, file) => sum + gzipSync(readFileSync(join(DASHBOARD, file))).length, 0);
}

/**
 * `npm run bench -- serve`: what 50 dashboards cost the controller next to one (target: the
 * same), and how fast a job listing is from the shared views next to one squeue per request,
 * Open OnDemand's way (target: at least 5x); the Queue page with JOBS jobs in Chromium (target:
 * filled within 1 s) and the bytes it ships (target: at most 150 KB gzipped).
 */
export async function benchServe(): Promise<void> {
  useDevClusterClient();
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-bench-serve-'));
  process.env['SLURMDECK_STATE_DIR'] = dir;
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, 'clusters:\n  dev:\n    transport: local\n');
  const tokens = openTokenStore(join(dir, 'slurmdeck.db'));
  const token = tokens.create('bench', 'read');
  tokens.close();
  console.log(`submitting ${JOBS} held jobs...`);
  const script = `for i in $(seq ${JOBS}); do sbatch --hold -J ${NAME} -o /dev/null --wrap true >/dev/null || exit 1; done`;
  const submitted = await local.exec(['sh', '-c', script], { timeoutMs: 900_000 });
  if (submitted.exitCode !== 0) throw new Error(`sbatch failed: ${submitted.stderr}`);
  const server = await startServer({
    configFile,
    port: 0,
    log: createLogger('warn'),
    dashboardDir: DASHBOARD, // run from src by tsx: the built dashboard is in dist/web
  });
  try {
    const one = await rpcsWith(server.url, token, 1);
    const fifty = await rpcsWith(server.url, token, 50);
    console.log(`job-info RPCs over ${INTERVALS} intervals of ${INTERVAL_MS / 1000} s:`);
    console.log(`  1 dashboard:   ${one}`);
    console.log(
      `  50 dashboards: ${fifty}   (target: equal; ratio ${(fifty / Math.max(one, 1)).toFixed(2)})`,
    );

    const headers = { authorization: `Bearer ${token}` };
    const ours = await timed(async () => {
      const res = await fetch(`${server.url}/api/clusters/dev/jobs?all=1`, { headers });
      await res.arrayBuffer();
    });
    const argv = squeueArgv({ allStates: true });
    const naive = await timed(() => local.exec(argv));
    const line = (name: string, t: number[]) =>
      `  ${name.padEnd(28)} p50 ${percentile(t, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(t, 95).toFixed(1).padStart(6)} ms`;
    console.log(`\nGET .../jobs, ${REQUESTS} requests one after another:`);
    console.log(line('shared views (serve)', ours));
    console.log(line('squeue per request (naive)', naive));
    const ratio = percentile(naive, 50) / percentile(ours, 50);
    console.log(`  p50 ratio: ${ratio.toFixed(1)}x faster (target >= 5x)`);

    const oursStatus = await timed(async () => {
      const res = await fetch(`${server.url}/api/clusters/dev/status`, { headers });
      await res.arrayBuffer();
    });
    const naiveStatus = await timed(() => slurm.clusterView());
    console.log(`\nGET .../status, ${REQUESTS} requests one after another:`);
    console.log(line('shared views (serve)', oursStatus));
    console.log(line('sinfo per request (naive)', naiveStatus));
    const statusRatio = percentile(naiveStatus, 50) / percentile(oursStatus, 50);
    console.log(`  p50 ratio: ${statusRatio.toFixed(1)}x faster (target >= 5x)`);

    const { paint, filled } = await queuePage(server.loginUrl);
    console.log(`\nQueue page with ${JOBS} jobs in headless Chromium:`);
    console.log(`  first contentful paint ${paint.toFixed(0)} ms, table filled ${filled} ms`);
    console.log(`  (target: filled <= 1000 ms)`);
    console.log(
      `dashboard JS+CSS: ${(shippedBytes() / 1024).toFixed(1)} KB gzipped (target <= 150)`,
    );
  } finally {
    await server.close();
    await local.exec(['scancel', '--name', NAME]);
  }
}
