import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSlurmdeckError } from '../src/core/errors.js';
import { devRoot } from '../src/devcluster/index.js';
import { createSessionManager } from '../src/sessions/index.js';
import { openDatabase } from '../src/store/index.js';
import {
  createLocalTransport,
  createSshTransport,
  sshArgs,
  type SshTarget,
} from '../src/transport/index.js';
import { countingTransport } from './counting-transport.js';
import { useDevClusterClient } from './dev-cluster-env.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 200);
const FRESH_RUNS = Number(process.env['BENCH_FRESH_RUNS'] ?? 20);
const ALLOC_S = Number(process.env['BENCH_ALLOC_S'] ?? 180);
/** What an agent's tool call may take before its client gives up (about 60 s); we use 50. */
const CALL_LIMIT_S = 50;
const BLOCKER = 'sdk-bench-blocker';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Times each run of `body`, or takes the time it measured itself (a number it returns). */
async function timeRuns(runs: number, body: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const own = await body();
    times.push(typeof own === 'number' ? own : performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

function loginTarget(controlDir: string): SshTarget {
  const info = JSON.parse(readFileSync(join(devRoot(), 'cluster.json'), 'utf8')) as {
    login: SshTarget;
  };
  return { ...info.login, controlDir };
}

/**
 * `session exec` round trip of a trivial command (p50/p95), beside one fresh `ssh host true`
 * and one command over an open OpenSSH master; then how many client calls (each under a
 * tool-call limit) and SSH commands it takes to start a session that waits ALLOC_S seconds
 * for an allocation and run one command in it.
 */
export async function benchSession(): Promise<void> {
  useDevClusterClient();
  const local = createLocalTransport();
  const target = loginTarget(mkdtempSync(join(tmpdir(), 'sdk-b-')));
  const { transport, totals } = countingTransport(createSshTransport(target));
  const db = openDatabase({ file: ':memory:' });
  const sessions = createSessionManager({
    cluster: 'dev',
    transport,
    db,
    settings: { srunDefaults: [], maxRetries: 1, fastExec: false },
  });
  const name = `bench${process.pid}`;
  try {
    // Fresh ssh: a new TCP connection, key exchange and login every time.
    const fresh = [
      'ssh',
      '-o',
      'ControlMaster=no',
      '-o',
      'ControlPath=none',
      ...sshArgs(target).slice(1),
      'true',
    ];
    const freshTimes = await timeRuns(FRESH_RUNS, () => local.exec(fresh));
    await transport.exec(['true']);
    const muxTimes = await timeRuns(RUNS, () => transport.exec(['true']));

    await sessions.start({ name });
    await sessions.exec(name, 'true', { timeoutMs: 60_000 }); // waits for the shell
    // With and without the ctrl-q nudge (see src/sessions/remote-scripts.ts EXEC), in blocks
    // of ten that take turns, so both see the same load on a shared machine.
    const execTimes = { nudge: [] as number[], plain: [] as number[] };
    const pacedTimes = { nudge: [] as number[], plain: [] as number[] };
    const execOnce = async (nudge: boolean) => {
      const started = performance.now();
      const result = await sessions.exec(name, 'true', { nudge });
      if (result.exitCode !== 0) throw new Error(`exec failed: ${JSON.stringify(result)}`);
      return performance.now() - started;
    };
    for (let i = 0; i < RUNS * 2; i++) {
      const nudge = Math.floor(i / 10) % 2 === 0;
      execTimes[nudge ? 'nudge' : 'plain'].push(await execOnce(nudge));
    }
    // The same, 100 ms apart, as an agent's calls come: srun's stream then seldom holds output
    // back for a delayed TCP ACK, which back to back it does without the nudge (about 40 ms).
    for (let i = 0; i < Math.ceil(RUNS / 4) * 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const nudge = Math.floor(i / 10) % 2 === 0;
      pacedTimes[nudge ? 'nudge' : 'plain'].push(await execOnce(nudge));
    }
    await sessions.stop(name);
    for (const t of [execTimes, pacedTimes]) {
      t.nudge.sort((a, b) => a - b);
      t.plain.sort((a, b) => a - b);
    }

    const row = (label: string, t: number[]) =>
      `${label.padEnd(44)}${percentile(t, 50).toFixed(1).padStart(9)}${percentile(t, 95).toFixed(1).padStart(9)}${String(t.length).padStart(7)}`;
    console.log(`\nround trip of a trivial command (ms)`);
    console.log(`${''.padEnd(44)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'runs'.padStart(7)}`);
    console.log(row('fresh ssh host true', freshTimes));
    console.log(row('ssh over an open master', muxTimes));
    console.log(row('slurmdeck session exec (library)', execTimes.nudge));
    console.log(row('  without the ctrl-q nudge (before)', execTimes.plain));
    console.log(row('  100 ms apart', pacedTimes.nudge));
    console.log(row('  100 ms apart, without the nudge', pacedTimes.plain));
    const ratio = (t: number[]) => (percentile(t, 50) / percentile(muxTimes, 50)).toFixed(1);
    console.log(
      `session exec p50 = ${ratio(execTimes.nudge)}x the multiplexed command (${ratio(execTimes.plain)}x without the nudge), ${(percentile(freshTimes, 50) / percentile(execTimes.nudge, 50)).toFixed(1)}x faster than fresh ssh`,
    );

    await startBehindQueue(local, sessions, transport, totals, `${name}q`);
  } finally {
    await local.exec(['scancel', '-n', BLOCKER]);
    await sessions.stop(name).catch(() => undefined);
    await sessions.stop(`${name}q`).catch(() => undefined);
    await transport.close();
    db.close();
  }
}

async function startBehindQueue(
  local: ReturnType<typeof createLocalTransport>,
  sessions: ReturnType<typeof createSessionManager>,
  transport: { exec: (argv: readonly string[]) => Promise<unknown> },
  totals: { calls: number },
  name: string,
): Promise<void> {
  // Fill the gpu partition for ALLOC_S seconds, so the session waits that long to be allocated.
  const block = await local.exec([
    'sbatch',
    '--parsable',
    '-p',
    'gpu',
    '-N2',
    '--exclusive',
    '-J',
    BLOCKER,
    '-o',
    '/dev/null',
    '--wrap',
    `sleep ${ALLOC_S}`,
  ]);
  if (block.exitCode !== 0) throw new Error(`sbatch failed: ${block.stderr}`);
  for (let i = 0; i < 60; i++) {
    const state = await local.exec(['squeue', '-h', '-j', block.stdout.trim(), '-o', '%T']);
    if (state.stdout.trim() === 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  void transport;
  const before = totals.calls;
  const started = performance.now();
  let clientCalls = 1;
  await sessions.start({ name, partition: 'gpu', gpus: '1' });
  let output = '';
  for (;;) {
    clientCalls++;
    try {
      const result = await sessions.exec(name, 'hostname', { timeoutMs: CALL_LIMIT_S * 1000 });
      output = result.output.trim();
      break;
    } catch (error) {
      if (!isSlurmdeckError(error, 'SESSION_NOT_READY')) throw error;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nsession behind a ${ALLOC_S} s queue wait: ran \`hostname\` (${output}) after ${seconds.toFixed(0)} s with ` +
      `${clientCalls} client calls (start + exec, each under ${CALL_LIMIT_S} s) and ${totals.calls - before} ssh commands ` +
      `over the master (about one status check a second while waiting; squeue only in the first)`,
  );
  await sessions.stop(name);
}
