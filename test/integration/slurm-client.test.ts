import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isSlurmdeckError } from '../../src/core/errors.js';
import {
  createSlurmClient,
  rpcDelta,
  type AccountingRecord,
  type Job,
  type SlurmClient,
} from '../../src/slurm/index.js';
import { createLocalTransport } from '../../src/transport/local.js';

/** `export KEY=VALUE` lines of the dev cluster's env.sh, so plain Slurm commands reach it. */
function devEnv(root: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(root, 'env.sh'), 'utf8').split('\n')) {
    const m = /^\s*export\s+(\w+)=(?:'([^']*)'|"([^"]*)"|(\S*))\s*$/.exec(line);
    if (m?.[1]) env[m[1]] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return env;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const JOB_INFO_RPCS = ['REQUEST_JOB_INFO', 'REQUEST_JOB_USER_INFO', 'REQUEST_JOB_INFO_SINGLE'];

describe('Slurm client against the dev cluster (root, local transport)', () => {
  let slurm: SlurmClient;
  const submitted: string[] = [];

  beforeAll(() => {
    Object.assign(process.env, devEnv(inject('devRoot')));
    slurm = createSlurmClient(createLocalTransport());
  });

  afterAll(async () => {
    // Leave the shared cluster as we found it.
    if (submitted.length > 0) await slurm.cancel(submitted).catch(() => undefined);
  });

  const finished = (id: string) =>
    until<AccountingRecord>(`job ${id} in accounting`, async () => {
      const [record] = await slurm.accounting({ jobIds: [id] });
      return record && ['FAILED', 'COMPLETED', 'CANCELLED'].includes(record.state)
        ? record
        : undefined;
    });

  it('reads the Slurm version', async () => {
    const version = await slurm.version();
    expect(version.major).toBeGreaterThanOrEqual(22);
  });

  it('submits a failing job, lists it, and finds it in sacct as FAILED with exit code 3', async () => {
    const { jobId } = await slurm.submit({
      wrap: 'sleep 3; exit 3',
      partition: 'cpu',
      jobName: 'slurmdeck it|exit 3',
      time: '5',
    });
    submitted.push(jobId);
    const listed = await slurm.listJobs();
    expect(listed.find((j) => j.id === jobId)).toMatchObject({
      name: 'slurmdeck it|exit 3',
      user: 'root',
      partition: 'cpu',
      timeLimitSeconds: 300,
    });
    const record = await finished(jobId);
    expect(record).toMatchObject({ state: 'FAILED', exitCode: 3, signal: 0, user: 'root' });
    expect(record.nodeList).toMatch(/^n\d$/);
    expect(record.elapsedSeconds).toBeGreaterThanOrEqual(3);
    expect(record.steps.map((s) => s.id)).toContain(`${jobId}.batch`);
  });

  it('sees the partition allocate 2 more GPUs while a GRES job runs, then cancels it', async () => {
    const gpusOf = async () =>
      (await slurm.listPartitions()).find((p) => p.name === 'gpu')?.gpus.allocated ?? -1;
    const before = await gpusOf();
    const { jobId } = await slurm.submit({
      wrap: 'sleep 120',
      partition: 'gpu',
      gres: 'gpu:a100:2',
      jobName: 'slurmdeck it gres',
    });
    submitted.push(jobId);
    const running = await until<Job>('the GRES job to run', async () => {
      const [job] = await slurm.listJobs({ jobIds: [jobId] });
      return job?.state === 'RUNNING' ? job : undefined;
    });
    expect(running.gpus).toBe(2);
    expect(await gpusOf()).toBe(before + 2);

    const detail = await slurm.getJob(jobId);
    expect(detail.gresDetail[0]?.gres[0]).toMatchObject({ name: 'gpu', type: 'a100', count: 2 });

    await slurm.cancel([jobId]);
    const record = await finished(jobId);
    expect(record).toMatchObject({ state: 'CANCELLED', cancelledBy: '0' });
    expect(await gpusOf()).toBe(before);
  });

  it('dry-runs with --test-only without creating a job', async () => {
    const estimate = await slurm.testSubmit({ wrap: 'true', partition: 'gpu', gpus: 1 });
    expect(estimate.partition).toBe('gpu');
    expect(estimate.nodes).toMatch(/^n\d/);
    expect(await slurm.listJobs({ jobIds: [estimate.jobId] })).toEqual([]);
  });

  it('rejects an invalid partition with SLURM_REJECTED naming it', async () => {
    const error: unknown = await slurm.submit({ wrap: 'true', partition: 'gpux' }).catch((e) => e);
    expect(isSlurmdeckError(error, 'SLURM_REJECTED')).toBe(true);
    expect((error as Error).message).toContain('gpux');
  });

  it('reports unknown jobs as JOB_NOT_FOUND', async () => {
    await expect(slurm.getJob('999999')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    await expect(slurm.cancel(['999999'])).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
  });

  it('lists jobs with exactly one job-info RPC, and nodes with one node-info RPC', async () => {
    // Something to list, so the count is not that of an empty queue.
    const { jobId } = await slurm.submit({
      wrap: 'sleep 60',
      partition: 'cpu',
      extraArgs: ['--hold'],
    });
    submitted.push(jobId);
    const before = await slurm.sdiag();
    const jobs = await slurm.listJobs();
    const middle = await slurm.sdiag();
    await slurm.clusterView();
    const after = await slurm.sdiag();

    expect(jobs.find((j) => j.id === jobId)?.reason).toBe('JobHeldUser');
    expect(rpcDelta(before, middle, 'REQUEST_JOB_INFO')).toBe(1);
    const jobRpcs = JOB_INFO_RPCS.map((t) => rpcDelta(before, middle, t));
    expect(jobRpcs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(rpcDelta(middle, after, 'REQUEST_NODE_INFO')).toBe(1);
    expect(rpcDelta(middle, after, 'REQUEST_PARTITION_INFO')).toBe(1);
  });
});
