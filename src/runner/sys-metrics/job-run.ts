import { hostname } from 'node:os';

/** The run system metrics go to: one per job (array task), named from it. */
export interface JobRun {
  uid: string;
  project: string;
  init: Record<string, unknown>;
}

const safe = (text: string) => text.replace(/[^\w.-]/g, '_');

/**
 * The job's run for what `slurmdeck run` samples: `job-<cluster>-<jobId>` (a requeued job goes
 * on in the same run), with the job's name, node and restart count. Undefined outside Slurm.
 */
export function jobRunOf(env: NodeJS.ProcessEnv, command: readonly string[]): JobRun | undefined {
  const array = env['SLURM_ARRAY_JOB_ID'] && env['SLURM_ARRAY_TASK_ID'];
  const jobId = array
    ? `${env['SLURM_ARRAY_JOB_ID']}_${env['SLURM_ARRAY_TASK_ID']}`
    : env['SLURM_JOB_ID'];
  if (!jobId) return undefined;
  const cluster = env['SLURMDECK_CLUSTER'] || env['SLURM_CLUSTER_NAME'] || undefined;
  const name = env['SLURM_JOB_NAME'] || 'job';
  const uid = safe(`job-${cluster ? `${cluster}-` : ''}${jobId}`).slice(0, 128);
  const restart = Number.parseInt(env['SLURM_RESTART_COUNT'] ?? '0', 10) || 0;
  return {
    uid,
    project: name.slice(0, 200),
    init: {
      name: `${name} ${jobId}`.slice(0, 200),
      tags: ['system'],
      job_id: jobId,
      ...(cluster ? { cluster } : {}),
      ...(array ? { array_task: Number(env['SLURM_ARRAY_TASK_ID']) } : {}),
      restart_count: restart,
      command: [...command].slice(0, 1000),
      host: env['SLURMD_NODENAME'] || hostname(),
    },
  };
}
