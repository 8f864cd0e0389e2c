import { z } from 'zod';

/** What the epilog hook tells the watcher: only that a job ended. Slurm stays the authority on how. */
export const jobEndPushSchema = z.object({
  type: z.literal('job.ended'),
  cluster: z.string().max(200),
  jobId: z.string().regex(/^\d{1,10}(_\d{1,10})?$/),
  user: z.string().max(200).optional(),
  endedAt: z.string().max(64),
});

export type JobEndPush = z.infer<typeof jobEndPushSchema>;

/** From the EpilogSlurmctld environment (SLURM_JOB_ID, SLURM_CLUSTER_NAME, SLURM_JOB_USER). */
export function pushFromEnvironment(
  env: NodeJS.ProcessEnv,
  now = new Date(),
): JobEndPush | undefined {
  const parsed = jobEndPushSchema.safeParse({
    type: 'job.ended',
    cluster: env['SLURM_CLUSTER_NAME'] ?? '',
    // An array task by the id it is watched under (123_4), not its own raw id.
    jobId:
      env['SLURM_ARRAY_JOB_ID'] && env['SLURM_ARRAY_TASK_ID']
        ? `${env['SLURM_ARRAY_JOB_ID']}_${env['SLURM_ARRAY_TASK_ID']}`
        : (env['SLURM_JOB_ID'] ?? ''),
    user: env['SLURM_JOB_USER'],
    endedAt: now.toISOString(),
  });
  return parsed.success ? parsed.data : undefined;
}

/** One id per job end, whichever node or retry sends it: receivers drop repeats by it. */
export function pushId(push: JobEndPush): string {
  return `job-end-${push.cluster}-${push.jobId}`;
}
