import { createSlurmClient, rpcDelta } from '../src/slurm/index.js';
import { createLocalTransport } from '../src/transport/index.js';
import { countingTransport } from './counting-transport.js';
import { useDevClusterClient } from './dev-cluster-env.js';

const JOBS = Number(process.env['BENCH_JOBS'] ?? 1000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 10);
const NAME = 'slurmdeck-bench';

/**
 * Job listing on JOBS pending jobs: our compact squeue format vs `squeue --json`, in bytes and
 * milliseconds per listing, and what each listing costs the controller in REQUEST_JOB_INFO RPCs.
 */
export async function benchPoll(): Promise<void> {
  useDevClusterClient();
  const local = createLocalTransport();
  const admin = createSlurmClient(local);
  const { transport, totals } = countingTransport(local);
  const slurm = createSlurmClient(transport);

  console.log(`submitting ${JOBS} held jobs...`);
  const script = `for i in $(seq ${JOBS}); do sbatch --hold -J ${NAME} -o /dev/null --wrap true >/dev/null || exit 1; done`;
  const submitted = await local.exec(['sh', '-c', script], { timeoutMs: 600_000 });
  if (submitted.exitCode !== 0) throw new Error(`sbatch failed: ${submitted.stderr}`);
  try {
    const queued = (await slurm.listJobs({ states: ['PENDING'] })).filter((j) => j.name === NAME);
    if (queued.length < JOBS) throw new Error(`only ${queued.length} of ${JOBS} jobs are queued`);
    Object.assign(totals, { calls: 0, stdoutBytes: 0, ms: 0 });

    const before = await admin.sdiag();
    for (let i = 0; i < ROUNDS; i++) await slurm.listJobs();
    const middle = await admin.sdiag();
    const ours = { ...totals };
    let jsonBytes = 0;
    let jsonMs = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const result = await local.exec(['squeue', '--json']);
      jsonBytes += Buffer.byteLength(result.stdout);
      jsonMs += result.durationMs;
    }
    const after = await admin.sdiag();
    // sdiag itself is one more RPC of its own type, not REQUEST_JOB_INFO.
    const oursRpc = rpcDelta(before, middle, 'REQUEST_JOB_INFO') / ROUNDS;
    const jsonRpc = rpcDelta(middle, after, 'REQUEST_JOB_INFO') / ROUNDS;

    const jobs = queued.length;
    const row = (label: string, bytes: number, ms: number, rpc: number) =>
      `${label.padEnd(22)}${(bytes / ROUNDS / jobs).toFixed(1).padStart(12)}${(ms / ROUNDS).toFixed(1).padStart(12)}${rpc.toFixed(2).padStart(16)}`;
    console.log(
      `\njob listing, ${jobs} pending jobs, mean of ${ROUNDS} listings each (Slurm ${(await admin.version()).raw})`,
    );
    console.log(
      `${''.padEnd(22)}${'bytes/job'.padStart(12)}${'ms/listing'.padStart(12)}${'JOB_INFO RPCs'.padStart(16)}`,
    );
    console.log(row('slurmdeck (squeue -O)', ours.stdoutBytes, ours.ms, oursRpc));
    console.log(row('squeue --json', jsonBytes, jsonMs, jsonRpc));
    console.log(
      `\nratio json/ours: ${(jsonBytes / ours.stdoutBytes).toFixed(1)}x bytes, ${(jsonMs / ours.ms).toFixed(1)}x time; ` +
        `RPCs per listing: ${oursRpc} (target exactly 1)`,
    );
  } finally {
    await local.exec(['scancel', '--name', NAME]);
  }
}
