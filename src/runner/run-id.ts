import { SlurmdeckError } from '../core/errors.js';
import { runIdForJob } from '../jobs/completion-path.js';

export interface RunIdentity {
  /** Names the record and the log: `<jobId>`, `<jobId>.r<N>` after requeues, or `local-...`. */
  runId: string;
  jobId: string | undefined;
}

/** `YYYYmmddTHHMMSS` in UTC: sorts by time and is safe in a file name. */
export function compactTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').slice(0, 15);
}

function count(value: string | undefined): number {
  const n = Number(value ?? '0');
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * Who this run is, from Slurm's environment. SLURM_JOB_ID is already unique per array task.
 * Tasks other than 0 of a multi-task `srun` get `.t<N>`, so only task 0 writes the job's record.
 */
export function runIdentity(env: NodeJS.ProcessEnv, now: Date, pid: number): RunIdentity {
  const jobId = env['SLURM_JOB_ID']?.trim();
  if (!jobId) return { runId: `local-${compactTime(now)}-${pid}`, jobId: undefined };
  if (!/^\d{1,12}$/.test(jobId)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `SLURM_JOB_ID is not a job id: "${jobId}"`, {
      hint: 'Unset SLURM_JOB_ID to run outside Slurm, or run inside a job.',
    });
  }
  const runId = runIdForJob(jobId, count(env['SLURM_RESTART_COUNT']));
  const task = count(env['SLURM_PROCID']);
  return { runId: task > 0 ? `${runId}.t${task}` : runId, jobId };
}
