import { setMaxListeners } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/core/logger.js';
import { openTokenStore, startServer } from '../src/server/index.js';
import { squeueArgv } from '../src/slurm/list-jobs.js';
import { createSlurmClient, rpcDelta, type SdiagReport } from '../src/slurm/index.js';
import { createLocalTransport } from '../src/transport/index.js';
import { useDevClusterClient } from './dev-cluster-env.js';

const INTERVAL_MS = 5000; // the server's live refresh interval
const INTERVALS = 3;
const REQUESTS = 200;
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

/**
 * `npm run bench -- serve`: what 50 dashboards cost the controller next to one (target: the
 * same), and how fast a job listing is from the shared views next to one squeue per request,
 * Open OnDemand's way (target: at least 5x).
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
  const server = await startServer({ configFile, port: 0, log: createLogger('warn') });
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
  } finally {
    await server.close();
  }
}
