/** A job on a cluster; `jobId` undefined while its submit has not answered yet. */
export interface JobRef {
  cluster: string;
  jobId: string | undefined;
}

/**
 * Whether a run is of `job`: the same cluster and job id, or a task of that array (the client
 * names an array task `ARRAY_TASK`, sbatch answers the array's id). A requeued job keeps its id.
 */
export function isRunOfJob(
  job: JobRef,
  run: { cluster?: string | undefined; jobId?: string | undefined },
): boolean {
  if (job.jobId === undefined || run.cluster !== job.cluster || run.jobId === undefined) {
    return false;
  }
  if (run.jobId === job.jobId) return true;
  const task = run.jobId.slice(job.jobId.length + 1);
  return run.jobId.startsWith(`${job.jobId}_`) && /^\d+$/.test(task);
}
