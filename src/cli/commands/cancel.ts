import type { Command } from 'commander';
import { checkCancellable, clusterUser } from '../../jobs/cancel-check.js';
import { assertJobId } from '../../slurm/index.js';
import { confirm, DECLINED_EXIT_CODE } from '../confirm.js';
import { withCluster } from '../context.js';
import { formatDuration } from '../format.js';

export function registerCancel(program: Command): void {
  program
    .command('cancel')
    .description('cancel your jobs (asks first)')
    .argument('<ids...>', 'job ids')
    .option('-y, --yes', 'do not ask')
    .action(async (ids: string[], options: { yes?: boolean }, command: Command) => {
      const jobIds = ids.map(assertJobId);
      await withCluster(command, async (context, ws) => {
        const [jobs, user] = await Promise.all([
          context.slurm.listJobs({ jobIds }),
          clusterUser(context.config, context.transport),
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
          process.exitCode = DECLINED_EXIT_CODE;
          return;
        }
        await ws.audit.run(
          {
            action: 'job.cancel',
            cluster: context.name,
            target: { jobIds },
            confirmedVia: options.yes ? 'yes-flag' : 'prompt',
          },
          () => context.slurm.cancel(jobIds),
        );
        console.log(`cancelled ${jobIds.join(', ')}`);
      });
    });
}
