#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerCancel } from './commands/cancel.js';
import { registerDevCluster } from './commands/dev-cluster.js';
import { registerJob } from './commands/job.js';
import { registerJobs } from './commands/jobs.js';
import { registerNodes } from './commands/nodes.js';
import { registerNotify } from './commands/notify.js';
import { registerRun } from './commands/run.js';
import { registerStatus } from './commands/status.js';
import { registerSubmit } from './commands/submit.js';
import { registerWatch } from './commands/watch.js';
import { reportError } from './report-error.js';

export function buildProgram(): Command {
  const program = new Command('slurmdeck')
    .description('SLURM clusters for researchers and their agents')
    .option('-c, --cluster <name>', 'cluster from the config (default: defaultCluster)')
    .showHelpAfterError()
    .exitOverride();
  registerStatus(program);
  registerNodes(program);
  registerJobs(program);
  registerJob(program);
  registerSubmit(program);
  registerCancel(program);
  registerWatch(program);
  registerRun(program);
  registerDevCluster(program);
  registerNotify(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(error, (line) => console.error(line));
  }
}

process.exitCode = await main(process.argv);
