import { SlurmdeckError } from '../core/errors.js';
import { assertJobId } from './job-id.js';
import { jobFromJson } from './job-json.js';
import { runSlurm, type RunContext, type RunOptions } from './run.js';
import { parseScontrolJob } from './scontrol-job.js';
import { isObject } from './slurm-json.js';
import type { JobDetail, SlurmVersion } from './types.js';
import { atLeast } from './version.js';

/**
 * One job in detail: one REQUEST_JOB_INFO_SINGLE. Slurm 23.02+ answers `scontrol --json`;
 * 22.05's scontrol has no JSON (and its `squeue --json` ignores filters, dumping every job),
 * so there we read the one-line text form.
 */
export async function getJob(
  ctx: RunContext,
  version: SlurmVersion,
  id: string,
  options: RunOptions = {},
): Promise<JobDetail> {
  const jobId = assertJobId(id);
  const detail = atLeast(version, 23, 2)
    ? fromJson((await runSlurm(ctx, ['scontrol', 'show', 'job', jobId, '--json'], options)).stdout)
    : parseScontrolJob(
        (await runSlurm(ctx, ['scontrol', '-o', '-d', 'show', 'job', jobId], options)).stdout,
        jobId,
      );
  if (!detail) {
    throw new SlurmdeckError('JOB_NOT_FOUND', `job ${jobId} is not known to the controller`, {
      hint: 'It may have finished: look in accounting (sacct).',
    });
  }
  return detail;
}

function fromJson(stdout: string): JobDetail | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (cause) {
    throw new SlurmdeckError('SLURM_PARSE', 'scontrol printed invalid JSON', { cause });
  }
  const jobs = isObject(parsed) ? parsed['jobs'] : undefined;
  const first: unknown = Array.isArray(jobs) ? jobs[0] : undefined;
  return isObject(first) ? jobFromJson(first) : undefined;
}
