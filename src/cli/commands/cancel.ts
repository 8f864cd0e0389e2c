import type { Command } from 'commander';
import { planCancel, type CancelSelection } from '../../jobs/index.js';
import { assertJobId } from '../../slurm/index.js';
import { askFirst } from '../confirm.js';
import { withCluster } from '../context.js';
import { formatDuration } from '../format.js';
import { list, parseStates } from './jobs.js';

interface CancelFlags {
  yes?: boolean;
  mine?: boolean;
  state?: string;
  name?: string;
  partition?: string;
}

function selection(ids: string[], flags: CancelFlags): CancelSelection {
  return {
    jobIds: ids.map(assertJobId),
    ...(flags.mine ? { mine: true } : {}),
    ...(flags.state ? { states: parseStates(flags.state) } : {}),
    ...(flags.name !== undefined ? { name: flags.name } : {}),
    ...(flags.partition ? { partitions: list(flags.partition) } : {}),
  };
}

export function registerCancel(program: Command): void {
  program
    .command('cancel')
    .description('cancel your jobs, by id or by filter (shows the exact list and asks first)')
    .argument('[ids...]', 'job ids')
    .option('--mine', 'select your queued and running jobs (like scancel -u $USER)')
    .option('-s, --state <states>', 'with --mine: only these states, e.g. PD or PENDING,RUNNING')
    .option('-n, --name <name>', 'with --mine: only jobs of exactly this name')
    .option('-p, --partition <names>', 'with --mine: only these partitions (comma-separated)')
    .option('-y, --yes', 'do not ask')
    .action(async (ids: string[], flags: CancelFlags, command: Command) => {
      const wanted = selection(ids, flags);
      await withCluster(command, async (context, ws) => {
        const plan = await planCancel(context, wanted);
        const summary = plan.jobs
          .map(
            (j) =>
              `  ${j.id}  ${j.name}  ${j.state} ${formatDuration(j.elapsedSeconds)}${j.nodeList ? ` on ${j.nodeList}` : ''}`,
          )
          .join('\n');
        console.error(`about to cancel on cluster ${context.name}:\n${summary}`);
        const via = await askFirst(
          `cancel ${plan.jobs.length} job(s)?`,
          flags.yes,
          'nothing was cancelled',
        );
        if (!via) return;
        await ws.audit.run(
          {
            action: 'job.cancel',
            cluster: context.name,
            target: { jobIds: plan.ids },
            confirmedVia: via,
          },
          () => context.slurm.cancel(plan.ids),
        );
        console.log(`cancelled ${plan.ids.join(', ')}`);
      });
    });
}
