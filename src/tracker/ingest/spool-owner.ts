import { isRunOfJob, type JobRef } from '../run-of-job.js';
import type { Run } from '../types.js';

/**
 * Why a run.json found in a job's spool is not applied, or undefined when it is: it must name
 * the run of its own folder and this job (or a task of it); a stored run it resumes must be
 * this job's, or have ended on this cluster (a later job continuing it, as a job token may).
 * The spool is written as the job's user: it reaches that job's runs only.
 */
export function spoolInitRefusal(
  record: { run: string; job_id?: string | undefined; cluster?: string | undefined },
  folderUid: string,
  owner: JobRef,
  stored: Pick<Run, 'cluster' | 'jobId' | 'status'> | undefined,
): string | undefined {
  if (record.run !== folderUid) return `it names run ${record.run}, not its folder's ${folderUid}`;
  if (record.cluster !== undefined && record.cluster !== owner.cluster) {
    return `it names cluster ${record.cluster}, but it was read on ${owner.cluster}`;
  }
  const mine = (jobId: string | undefined) => isRunOfJob(owner, { cluster: owner.cluster, jobId });
  if (record.job_id !== undefined && !mine(record.job_id)) {
    return `it names job ${record.job_id}, but the folder is job ${owner.jobId ?? '?'}'s`;
  }
  if (!stored || stored.jobId === undefined || isRunOfJob(owner, stored)) return undefined;
  if (stored.status !== 'running' && stored.cluster === owner.cluster) return undefined;
  return `run ${folderUid} is job ${stored.jobId}'s on ${stored.cluster ?? 'no cluster'}${stored.status === 'running' ? ', still running' : ''}`;
}
