import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import { assertJobId, type Job } from '../../slurm/index.js';
import { confirm } from '../confirm.js';
import { withCluster, type ClusterContext } from '../context.js';
import { formatDuration } from '../format.js';

/** Whose jobs this CLI may cancel: the user it acts as on the cluster. */
async function clusterUser(context: ClusterContext): Promise<string> {
  if (context.config.transport === 'local') return userInfo().username;
  if (context.config.user) return context.config.user;
  return (await context.transport.exec(['id', '-un'])).stdout.trim();
}

/** Every id must be a queued or running job of ours, or nothing is cancelled. */
export function checkCancellable(
  ids: readonly string[],
  jobs: readonly Job[],
  user: string,
): Job[] {
  const found = ids.map((id) => jobs.find((job) => job.id === id || job.jobId === id));
  const missing = ids.filter((_, i) => !found[i]);
  if (missing.length > 0) {
    throw new SlurmdeckError(
      'JOB_NOT_FOUND',
      `not in the queue: ${missing.join(', ')}; nothing was cancelled`,
      {
        hint: 'A finished job cannot be cancelled; `slurmdeck job ID` shows how it ended.',
      },
    );
  }
  const others = (found as Job[]).filter((job) => job.user !== user);
  if (others.length > 0) {
    const owners = others.map((job) => `${job.id} (${job.user})`).join(', ');
    throw new SlurmdeckError('NOT_PERMITTED', `not your job: ${owners}; nothing was cancelled`, {
      hint: 'slurmdeck cancels only your own jobs; ask the owner or an admin.',
    });
  }
  return found as Job[];
}

export function registerCancel(program: Command): void {
  program
    .command('cancel')
    .description('cancel your jobs (asks first)')
    .argument('<ids...>', 'job ids')
    .option('-y, --yes', 'do not ask')
    .action(async (ids: string[], options: { yes?: boolean }, command: Command) => {
      const jobIds = ids.map(assertJobId);
      await withCluster(command, async (context) => {
        const [jobs, user] = await Promise.all([
          context.slurm.listJobs({ jobIds }),
          clusterUser(context),
        ]);
        const targets = checkCancellable(jobIds, jobs, user);
        const summary = targets
          .map(
            (j) =>
              `  ${j.id}  ${j.name}  ${j.state} ${formatDuration(j.elapsedSeconds)}${j.nodeList ? ` on ${j.nodeList}` : ''}`,
          )
          .join('\n');
        console.error(`about to cancel on cluster ${context.name}:\n${summary}`);
        if (!(await confirm(`cancel ${targets.length} job(s)?`, options.yes))) {
          console.error('nothing was cancelled');
          process.exitCode = 1;
          return;
        }
        await context.slurm.cancel(jobIds);
        console.log(`cancelled ${jobIds.join(', ')}`);
      });
    });
}
