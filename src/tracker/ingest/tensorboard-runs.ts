import { createHash } from 'node:crypto';
import type { FileIdentity } from '../spool-remote-read.js';
import type { RunInit } from '../types.js';

/** The job an event file was found for. */
export interface EventFileJob {
  cluster: string;
  jobId: string;
  name?: string | undefined;
}

/**
 * The run an event file's scalars go to: one per file (by path and inode, so a file written
 * anew at the same path is a new run), tied to the job. Its batches are numbered by the file
 * offset they reach, so the store's last seq says how far the file was applied, whatever a
 * crash did to the saved cursor.
 */
export function eventFileRunUid(cluster: string, path: string, identity: FileIdentity): string {
  const hash = createHash('sha256').update(`${cluster}\0${path}\0${identity.ino}`).digest('hex');
  return `tb-${hash.slice(0, 28)}`;
}

/** The init of that run: named from the job, and from the file's folder when it has its own. */
export function eventFileRunInit(
  uid: string,
  job: EventFileJob,
  file: { path: string; dir?: string | undefined },
  startedAt: number | undefined,
): RunInit {
  const jobName = job.name && job.name !== '' ? job.name : 'job';
  const sub = file.dir && file.dir !== '.' ? ` ${file.dir}` : '';
  return {
    uid,
    project: jobName,
    name: `${jobName} ${job.jobId}${sub}`.slice(0, 200),
    config: { tensorboard: file.path },
    tags: ['tensorboard'],
    cluster: job.cluster,
    jobId: job.jobId,
    seqStart: 1,
    startedAt,
  };
}
