import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/core/logger.js';
import { devRoot } from '../src/devcluster/index.js';
import { createJobPoller, createWatchStore } from '../src/jobs/index.js';
import { createSlurmClient, rpcDelta, type SdiagReport } from '../src/slurm/index.js';
import { openDatabase } from '../src/store/index.js';
import { createLocalTransport } from '../src/transport/index.js';
import { useDevClusterClient } from './dev-cluster-env.js';

const NAME = 'slurmdeck-bench-watch';
const INTERVALS = 3;
const cli = join(import.meta.dirname, '..', 'dist', 'bin.js');
const local = createLocalTransport();
const slurm = createSlurmClient(local);

// Every job-information RPC type squeue can use, so no variant escapes the count.
const JOB_RPCS = ['REQUEST_JOB_INFO', 'REQUEST_JOB_USER_INFO', 'REQUEST_JOB_INFO_SINGLE'];
const jobRpcs = (a: SdiagReport, b: SdiagReport) =>
  JOB_RPCS.reduce((n, t) => n + rpcDelta(a, b, t), 0);

async function sh(script: string): Promise<string> {
  const result = await local.exec(['sh', '-c', script], { timeoutMs: 900_000 });
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return result.stdout;
}

/** RPCs per interval: our watcher (one squeue for all) vs a loop of `squeue -j ID` per job. */
async function rpcCost(
  count: number,
): Promise<{ ours: number; naive: number; naiveSeconds: number }> {
  const ids = (
    await sh(
      `for i in $(seq ${count}); do sbatch --parsable --hold -J ${NAME} -o /dev/null --wrap true; done`,
    )
  )
    .trim()
    .split('\n');
  try {
    const store = createWatchStore(
      openDatabase({ file: join(mkdtempSync(join(tmpdir(), 'bench-')), 'w.db') }),
    );
    store.add('bench', ids);
    const watcher = createJobPoller({
      cluster: 'bench',
      slurm,
      transport: local,
      store,
      log: createLogger('silent'),
      detailsPerPoll: 0,
    });
    await watcher.poll(); // first sight: job details are fetched once per job, not per interval
    const before = await slurm.sdiag();
    for (let i = 0; i < INTERVALS; i++) await watcher.poll();
    const middle = await slurm.sdiag();
    const started = performance.now();
    await sh(`for id in ${ids.join(' ')}; do squeue -h -j $id -o %T >/dev/null; done`);
    const naiveSeconds = (performance.now() - started) / 1000;
    const after = await slurm.sdiag();
    return {
      ours: jobRpcs(before, middle) / INTERVALS,
      naive: jobRpcs(middle, after),
      naiveSeconds,
    };
  } finally {
    await local.exec(['scancel', '--name', NAME]);
  }
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((p / 100) * values.length))
  ] ?? NaN;

/** Job end (the job's last command, in ms) to the watcher's report, with and without the epilog push. */
async function latency(push: boolean, runs: number): Promise<number[]> {
  const root = devRoot();
  const dir = join(root, 'test');
  mkdirSync(dir, { recursive: true });
  const secretFile = join(dir, 'bench-hook.secret');
  const hookFile = join(root, 'hooks', 'epilog.d', '60-bench');
  writeFileSync(secretFile, `whsec_${randomBytes(24).toString('base64')}\n`, { mode: 0o600 });
  const slurmUid = Number(execFileSync('id', ['-u', 'slurm'], { encoding: 'utf8' }));
  chownSync(secretFile, slurmUid, slurmUid);
  const state = mkdtempSync(join(tmpdir(), 'bench-watch-'));
  const results: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const mark = join(state, `end-${i}`);
      const id = (
        await sh(
          `sbatch --parsable -J ${NAME} -o /dev/null --wrap 'sleep 2; date +%s%3N > ${mark}'`,
        )
      ).trim();
      const args = [cli, 'watch', id, '--json'];
      if (push) args.push('--listen', '10.77.0.1:0', '--push-secret-file', secretFile);
      const child = spawn('node', args, { env: { ...process.env, SLURMDECK_STATE_DIR: state } });
      let reportedAt = 0;
      child.stdout.on('data', () => (reportedAt ||= Date.now()));
      if (push) {
        const address = await new Promise<string>((resolve) => {
          let err = '';
          child.stderr.on('data', (d: Buffer) => {
            err += d.toString();
            const m = /pushes on (\S+)/.exec(err);
            if (m) resolve(m[1] as string);
          });
        });
        writeFileSync(
          hookFile,
          `#!/bin/sh\nexec /usr/bin/node ${cli} hook epilog --url http://${address}/ --secret-file ${secretFile}\n`,
        );
        chmodSync(hookFile, 0o755);
      }
      await new Promise((resolve) => child.once('exit', resolve));
      results.push(reportedAt - Number(readFileSync(mark, 'utf8').trim()));
    }
  } finally {
    rmSync(hookFile, { force: true });
  }
  return results;
}

export async function benchWatch(): Promise<void> {
  useDevClusterClient();
  const version = (await slurm.version()).raw;
  console.log(`watching jobs on the dev cluster (Slurm ${version}); RPCs counted with sdiag\n`);
  console.log(
    `${'watched jobs'.padEnd(14)}${'ours/interval'.padStart(15)}${'squeue -j loop'.padStart(16)}${'ratio'.padStart(9)}${'loop time'.padStart(11)}`,
  );
  for (const count of [10, 1000]) {
    const { ours, naive, naiveSeconds } = await rpcCost(count);
    console.log(
      `${String(count).padEnd(14)}${ours.toFixed(2).padStart(15)}${String(naive).padStart(16)}${`${Math.round(naive / ours)}x`.padStart(9)}${`${naiveSeconds.toFixed(1)}s`.padStart(11)}`,
    );
  }
  const runs = Number(process.env['BENCH_RUNS'] ?? 5);
  const pushed = await latency(true, runs);
  const polled = await latency(false, runs);
  console.log(`\njob end -> report, ${runs} jobs each (target with push: p50 under 2 s)`);
  for (const [label, values] of [
    ['epilog push', pushed],
    ['polling only', polled],
  ] as const) {
    console.log(
      `${label.padEnd(14)} p50 ${(percentile(values, 50) / 1000).toFixed(2)} s   max ${(Math.max(...values) / 1000).toFixed(2)} s`,
    );
  }
  console.log(
    `ratio polling/push (p50): ${(percentile(polled, 50) / percentile(pushed, 50)).toFixed(1)}x`,
  );
}
