import { posix } from 'node:path';
import { isSlurmdeckError, SlurmdeckError } from '../core/errors.js';
import type { ClusterHandle } from '../sites/index.js';
import type { WatchStore } from './watch-store.js';

/** Where a job's output goes: the controller knows while it runs; after, what we recorded. */
export async function jobOutputPath(
  handle: ClusterHandle,
  watchStore: WatchStore,
  jobId: string,
  stream: 'stdout' | 'stderr',
): Promise<string> {
  try {
    const job = await handle.slurm.getJob(jobId);
    const path = stream === 'stdout' ? job.stdout : (job.stderr ?? job.stdout);
    if (path) return path;
  } catch (error) {
    if (!isSlurmdeckError(error, 'JOB_NOT_FOUND')) throw error;
  }
  const watched = watchStore.get(handle.name, jobId);
  const known = watched?.report?.logPath ?? watched?.stdoutPath;
  if (known && stream === 'stdout') return known;
  const [record] = await handle.slurm.accounting({ jobIds: [jobId], users: ['*'] });
  if (record?.workDir && stream === 'stdout') {
    return posix.join(record.workDir, `slurm-${jobId}.out`);
  }
  throw new SlurmdeckError('JOB_NOT_FOUND', `cannot tell where job ${jobId} wrote its ${stream}`, {
    hint: record
      ? 'The job has left the queue and named its own output file: pass it as path.'
      : 'Check the id with list_jobs or job_details.',
  });
}
