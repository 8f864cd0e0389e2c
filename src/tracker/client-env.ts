import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The job fields of an init record (README.md), from the Slurm environment of the process. */
export function jobFields(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const arrayJob = env['SLURM_ARRAY_JOB_ID'];
  const task = env['SLURM_ARRAY_TASK_ID'];
  const jobId = arrayJob && task ? `${arrayJob}_${task}` : env['SLURM_JOB_ID'];
  const cluster = env['SLURMDECK_CLUSTER'] || env['SLURM_CLUSTER_NAME'];
  return {
    ...(jobId ? { job_id: jobId } : {}),
    ...(task ? { array_task: Number(task) } : {}),
    ...(cluster ? { cluster } : {}),
    restart_count: Number(env['SLURM_RESTART_COUNT'] ?? 0) || 0,
    host: hostname(),
  };
}

/** Rank 0 logs (RANK, else SLURM_PROCID); the others do nothing unless asked. */
export function rankOf(env: NodeJS.ProcessEnv): number {
  return Number(env['RANK'] ?? env['SLURM_PROCID'] ?? 0) || 0;
}

/** Where the job notes its run, so the job requeued continues it (the Python client's file). */
export function jobNotePath(root: string, job: Record<string, unknown>): string | undefined {
  if (!job['job_id']) return undefined;
  return join(
    root,
    'tracker-jobs',
    `${String(job['cluster'] ?? 'slurm')}_${String(job['job_id'])}`,
  );
}

/** The run a requeued job's first start made, if this is a requeued start. */
export function requeuedRun(note: string | undefined, job: Record<string, unknown>) {
  if (!note || !job['restart_count']) return undefined;
  try {
    return readFileSync(note, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
