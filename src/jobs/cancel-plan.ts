import { SlurmdeckError } from '../core/errors.js';
import type { Job, JobState } from '../slurm/index.js';
import type { ClusterHandle } from '../sites/index.js';
import { checkCancellable, clusterUser } from './cancel-check.js';

/** Which jobs to cancel: these ids, or every job of yours that matches a filter (`scancel -u`). */
export interface CancelSelection {
  jobIds?: readonly string[];
  /** Select by filter among your own queued and running jobs. */
  mine?: boolean;
  states?: readonly JobState[];
  /** The exact job name, as `scancel --name`. */
  name?: string;
  partitions?: readonly string[];
}

export interface CancelPlan {
  user: string;
  /** Every job that would end, array tasks included. */
  jobs: Job[];
  /** What goes to scancel: exactly the ids shown, nothing found later. */
  ids: string[];
}

const hasFilter = (s: CancelSelection) =>
  s.mine === true || !!s.states?.length || s.name !== undefined || !!s.partitions?.length;

/**
 * The exact list a cancel would end, from one squeue: the ids given (each must be a queued or
 * running job of yours), or your jobs matching the filter. A face shows this list, asks, and
 * cancels only these ids, so a job submitted in between is never caught by the filter.
 */
export async function planCancel(
  handle: ClusterHandle,
  selection: CancelSelection,
): Promise<CancelPlan> {
  const byIds = selection.jobIds !== undefined && selection.jobIds.length > 0;
  if (byIds === hasFilter(selection)) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      byIds ? 'give job ids or a filter, not both' : 'nothing to cancel: no job ids and no filter',
      { hint: 'Name the jobs (`cancel 123 124`), or select yours (`cancel --mine --state PD`).' },
    );
  }
  if (!byIds && selection.mine !== true) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'a filter selects among your own jobs only', {
      hint: 'Add --mine (mine: true) to cancel your jobs by state, name or partition.',
    });
  }
  const user = await clusterUser(handle.config, handle.transport);
  if (byIds) {
    const ids = [...(selection.jobIds ?? [])];
    const jobs = checkCancellable(ids, await handle.slurm.listJobs({ jobIds: ids }), user);
    return { user, jobs, ids };
  }
  const queue = await handle.slurm.listJobs({
    mine: true,
    ...(selection.states?.length ? { states: [...selection.states] } : {}),
    ...(selection.partitions?.length ? { partitions: [...selection.partitions] } : {}),
  });
  const jobs = queue.filter(
    (job) => job.user === user && (selection.name === undefined || job.name === selection.name),
  );
  if (jobs.length === 0) {
    throw new SlurmdeckError('JOB_NOT_FOUND', 'no queued or running job of yours matches', {
      hint: 'List yours with `slurmdeck jobs` (list_jobs) and check the filter.',
    });
  }
  return { user, jobs, ids: jobs.map((job) => job.id) };
}
