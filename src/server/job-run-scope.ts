import { ApiError } from './http-error.js';
import { isRunOfJob } from '../tracker/run-of-job.js';
import type { Principal } from './roles.js';

export { isRunOfJob } from '../tracker/run-of-job.js';

/** What a run says of its job: the init record's fields, or a stored run's. */
export interface RunJob {
  uid: string;
  cluster?: string | undefined;
  jobId?: string | undefined;
  /** A stored run's state: an ended run may be continued by a later job. */
  status?: string | undefined;
}

const jobText = (cluster: string | undefined, jobId: string | undefined) =>
  jobId === undefined ? 'no job' : `job ${jobId} on ${cluster ?? 'no cluster'}`;

/**
 * Whether a job may take over a stored run to continue it (`init(resume=uid)` in the job after
 * one that hit its time limit): an ended run of the same cluster. A run still running stays
 * its own job's.
 */
export function mayContinueRun(principal: Principal, run: RunJob): boolean {
  const job = principal.job;
  return (
    job === undefined ||
    isRunOfJob(job, run) ||
    (job.jobId !== undefined && run.status !== 'running' && run.cluster === job.cluster)
  );
}

/** Refuses (403) a job token's resume of a run another job is still writing. */
export function mustBeContinuable(principal: Principal, run: RunJob): void {
  if (!mayContinueRun(principal, run)) mustBeRunOfTokenJob(principal, run);
}

/**
 * Refuses (403) a job token's request about a run of another job, or of no job; any other
 * principal passes. Every run the request touches goes through here: the init record, the
 * stored run it resumes, each batch's run.
 */
export function mustBeRunOfTokenJob(principal: Principal, run: RunJob): void {
  const job = principal.job;
  if (job === undefined || isRunOfJob(job, run)) return;
  const owner =
    job.jobId === undefined
      ? `has no job id yet (its submit is still running)`
      : `belongs to job ${job.jobId} on ${job.cluster}`;
  throw new ApiError(
    'FORBIDDEN',
    `token "${principal.name}" ${owner}; run ${run.uid} is of ${jobText(run.cluster, run.jobId)}`,
    "A job's tracker token writes and reads only its own job's runs. Use an API token (slurmdeck serve token create NAME --role operate) for another job's run; the client's spool brings the points in meanwhile.",
  );
}
