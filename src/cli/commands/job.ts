import type { Command } from 'commander';
import { isSlurmdeckError } from '../../core/errors.js';
import { assertJobId, type AccountingRecord, type JobDetail } from '../../slurm/index.js';
import { withCluster } from '../context.js';
import { formatBytes, formatDuration, printJson } from '../format.js';

function printFields(fields: Array<[string, string | number | undefined]>): void {
  const width = Math.max(...fields.map(([key]) => key.length));
  for (const [key, value] of fields) {
    if (value !== undefined && value !== '') console.log(`${key.padEnd(width)}  ${value}`);
  }
}

function exitText(exitCode: number | undefined, signal: number | undefined): string | undefined {
  if (exitCode === undefined) return undefined;
  return signal ? `${exitCode} (signal ${signal})` : String(exitCode);
}

function printLive(job: JobDetail): void {
  printFields([
    ['job', job.id],
    ['name', job.name],
    ['user', job.user],
    ['partition', job.partition],
    ['state', job.state === 'PENDING' ? `PENDING (${job.reason ?? 'None'})` : job.state],
    ['nodes', job.nodeList],
    ['elapsed', `${formatDuration(job.elapsedSeconds)} of ${formatDuration(job.timeLimitSeconds)}`],
    ['gpus', job.gpus || undefined],
    ['submitted', job.submitTime],
    ['started', job.startTime],
    ['exit code', exitText(job.exitCode, job.signal)],
    ['workdir', job.workDir],
    ['stdout', job.stdout],
    ['stderr', job.stderr === job.stdout ? undefined : job.stderr],
    ['command', job.command],
  ]);
}

function printFinished(record: AccountingRecord): void {
  printFields([
    ['job', record.id],
    ['name', record.name],
    ['user', record.user],
    ['partition', record.partition],
    ['state', record.cancelledBy ? `CANCELLED by ${record.cancelledBy}` : record.state],
    ['exit code', exitText(record.exitCode, record.signal)],
    ['nodes', record.nodeList],
    [
      'elapsed',
      `${formatDuration(record.elapsedSeconds)} of ${formatDuration(record.timeLimitSeconds)}`,
    ],
    ['max rss', record.maxRssBytes === undefined ? undefined : formatBytes(record.maxRssBytes)],
    ['requested mem', record.reqMemory],
    ['started', record.startTime],
    ['ended', record.endTime],
    ['workdir', record.workDir],
  ]);
}

export function registerJob(program: Command): void {
  program
    .command('job')
    .description(
      'one job in detail: from the controller while queued or running, else from accounting',
    )
    .argument('<id>', 'job id, e.g. 123 or 123_4')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const jobId = assertJobId(id);
      await withCluster(command, async ({ slurm }) => {
        try {
          const job = await slurm.getJob(jobId);
          return options.json ? printJson({ source: 'controller', job }) : printLive(job);
        } catch (error) {
          // The controller forgets a job MinJobAge after it ends; accounting remembers.
          if (!isSlurmdeckError(error, 'JOB_NOT_FOUND')) throw error;
          const [record] = await slurm.accounting({ jobIds: [jobId], users: ['*'] });
          if (!record) throw error;
          return options.json
            ? printJson({ source: 'accounting', job: record })
            : printFinished(record);
        }
      });
    });
}
