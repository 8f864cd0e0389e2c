import type { Command } from 'commander';
import { parseJobStates, type JobState } from '../../slurm/index.js';
import { withCluster } from '../context.js';
import { formatDuration, printJson } from '../format.js';
import { renderTable } from '../table.js';

export const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** `--state R,pending` -> known states; anything else is refused with the list of valid ones. */
export const parseStates = (value: string): JobState[] => parseJobStates(list(value));

interface JobsOptions {
  all?: boolean;
  user?: string;
  state?: string;
  partition?: string;
  json?: boolean;
}

export function registerJobs(program: Command): void {
  program
    .command('jobs')
    .description('your jobs in the queue (one squeue call, whatever the filter)')
    .option('-a, --all', "every user's jobs")
    .option('-u, --user <names>', 'jobs of these users (comma-separated)')
    .option('-s, --state <states>', 'only these states, e.g. PENDING,RUNNING or PD,R')
    .option('-p, --partition <names>', 'only these partitions (comma-separated)')
    .option('--json', 'machine-readable output')
    .action(async (options: JobsOptions, command: Command) =>
      withCluster(command, async ({ slurm }) => {
        const jobs = await slurm.listJobs({
          ...(options.all || options.user ? {} : { mine: true }),
          ...(options.user ? { users: list(options.user) } : {}),
          ...(options.state ? { states: parseStates(options.state) } : {}),
          ...(options.partition ? { partitions: list(options.partition) } : {}),
        });
        if (options.json) return printJson(jobs);
        if (jobs.length === 0) return console.log('no jobs');
        console.log(
          renderTable(jobs, [
            { header: 'JOBID', value: (j) => j.id, align: 'right' },
            { header: 'NAME', value: (j) => j.name, flexible: true },
            ...(options.all || options.user
              ? [{ header: 'USER', value: (j: (typeof jobs)[number]) => j.user }]
              : []),
            { header: 'PARTITION', value: (j) => j.partition },
            { header: 'STATE', value: (j) => j.state },
            { header: 'TIME', value: (j) => formatDuration(j.elapsedSeconds), align: 'right' },
            { header: 'LIMIT', value: (j) => formatDuration(j.timeLimitSeconds), align: 'right' },
            { header: 'GPUS', value: (j) => String(j.gpus), align: 'right' },
            {
              header: 'NODES (REASON)',
              value: (j) =>
                j.state === 'PENDING' ? `(${j.reason ?? 'None'})` : (j.nodeList ?? '-'),
              flexible: true,
            },
          ]),
        );
      }),
    );
}
