import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExecOptions, ExecResult, Transport } from '../transport/types.js';
import { createSlurmClient } from './client.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const captured = (
  JSON.parse(read('command-results-22.05.json')) as {
    results: Array<{ name: string; exitCode: number; stdout: string; stderr: string }>;
  }
).results;
const replay = (name: string) => {
  const found = captured.find((c) => c.name === name);
  if (!found) throw new Error(`no captured result ${name}`);
  return found;
};

type Reply = { exitCode?: number; stdout?: string; stderr?: string };

/** A Transport that answers each command from captured real output and records what ran. */
function scripted(answer: (argv: readonly string[]) => Reply) {
  const calls: Array<{ argv: readonly string[]; options: ExecOptions | undefined }> = [];
  const transport: Transport = {
    kind: 'local',
    target: 'local',
    async exec(argv, options) {
      calls.push({ argv, options });
      const reply = answer(argv);
      return {
        argv,
        exitCode: reply.exitCode ?? 0,
        stdout: reply.stdout ?? '',
        stderr: reply.stderr ?? '',
        durationMs: 1,
      } satisfies ExecResult;
    },
    async close() {},
  };
  return { transport, calls };
}

describe('createSlurmClient', () => {
  it('lists jobs with exactly one squeue call, --me for "mine"', async () => {
    const { transport, calls } = scripted(() => ({ stdout: read('squeue-22.05-mixed.txt') }));
    const jobs = await createSlurmClient(transport).listJobs({ mine: true, states: ['PENDING'] });
    expect(jobs).toHaveLength(10);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.argv).toEqual(expect.arrayContaining(['squeue', '--me', '-t', 'PENDING']));
    expect(calls[0]?.options?.timeoutMs).toBe(30_000);
  });

  it('uses the configured user for "mine"', async () => {
    const { transport, calls } = scripted(() => ({}));
    await createSlurmClient(transport, { user: 'sduser' }).listJobs({ mine: true });
    expect(calls[0]?.argv).toEqual(expect.arrayContaining(['-u', 'sduser']));
  });

  it('answers "none queued" when asked for ids the controller forgot', async () => {
    const { transport } = scripted(() => replay('squeue-invalid'));
    await expect(createSlurmClient(transport).listJobs({ jobIds: ['99999'] })).resolves.toEqual([]);
  });

  it('builds partitions and nodes from one sinfo call', async () => {
    const { transport, calls } = scripted(() => ({ stdout: read('sinfo-22.05-busy.txt') }));
    const view = await createSlurmClient(transport).clusterView();
    expect(view.partitions.map((p) => p.name)).toEqual(['cpu', 'gpu']);
    expect(calls).toHaveLength(1);
  });

  it('reads job detail as text on 22.05, asking the version once', async () => {
    const { transport, calls } = scripted((argv) =>
      argv[1] === '--version'
        ? { stdout: read('sinfo-version-22.05.txt') }
        : { stdout: read('scontrol-22.05-failed.txt') },
    );
    const client = createSlurmClient(transport);
    expect((await client.getJob('2')).exitCode).toBe(3);
    await client.getJob('2');
    expect(calls.map((c) => c.argv.join(' '))).toEqual([
      'sinfo --version',
      'scontrol -o -d show job 2',
      'scontrol -o -d show job 2',
    ]);
  });

  it('reads job detail as JSON on 24.05', async () => {
    const { transport, calls } = scripted((argv) =>
      argv[1] === '--version'
        ? { stdout: 'slurm 24.05.3\n' }
        : { stdout: read('scontrol-json-v0.0.41-shape.json') },
    );
    const job = await createSlurmClient(transport).getJob('40_3');
    expect(job.exitCode).toBe(3);
    expect(calls[1]?.argv).toEqual(['scontrol', 'show', 'job', '40_3', '--json']);
  });

  it('refuses a malformed job id before any command runs', async () => {
    const { transport, calls } = scripted(() => ({}));
    const client = createSlurmClient(transport);
    await expect(client.cancel(['12; rm -rf ~'])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(client.getJob('abc')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(calls).toHaveLength(0);
  });

  it('tells an unknown job from a finished one when cancelling', async () => {
    const unknown = scripted(() => replay('scancel-v-invalid'));
    await expect(createSlurmClient(unknown.transport).cancel(['99999'])).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
    });
    const done = scripted(() => replay('scancel-v-done'));
    await expect(createSlurmClient(done.transport).cancel(['2'])).resolves.toBeUndefined();
    const denied = scripted(() => replay('scancel-denied'));
    await expect(createSlurmClient(denied.transport).cancel(['7'])).rejects.toMatchObject({
      code: 'NOT_PERMITTED',
    });
    expect(done.calls[0]?.argv).toEqual(['scancel', '-v', '2']);
  });

  it('sends a signal instead of cancelling when asked', async () => {
    const { transport, calls } = scripted(() => ({}));
    await createSlurmClient(transport).cancel(['5', '6_1'], { signalName: 'USR1' });
    expect(calls[0]?.argv).toEqual(['scancel', '-v', '--signal=USR1', '5', '6_1']);
  });

  it('submits and dry-runs', async () => {
    const { transport, calls } = scripted((argv) =>
      argv[1] === '--test-only' ? replay('sbatch-test-only') : { stdout: '42\n' },
    );
    const client = createSlurmClient(transport);
    expect(await client.submit({ wrap: 'exit 3', partition: 'cpu' })).toEqual({
      jobId: '42',
      cluster: undefined,
    });
    expect((await client.testSubmit({ wrap: 'true', gres: 'gpu:a100:1' })).partition).toBe('gpu');
    expect(calls.map((c) => c.argv[1])).toEqual(['--parsable', '--test-only']);
  });

  it('rejects an invalid partition with Slurm words', async () => {
    const { transport } = scripted(() => replay('sbatch-bad-partition'));
    await expect(
      createSlurmClient(transport).submit({ wrap: 'true', partition: 'gpux' }),
    ).rejects.toMatchObject({ code: 'SLURM_REJECTED', message: expect.stringContaining('gpux') });
  });
});
