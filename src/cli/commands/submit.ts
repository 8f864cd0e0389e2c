import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import { localScriptRequest } from '../../jobs/submit-request.js';
import type { SubmitOptions, SubmitRequest } from '../../slurm/index.js';
import { withCluster, type ClusterContext } from '../context.js';
import { printJson } from '../format.js';
import { addToWatch, watchChannels } from './watch.js';

interface SubmitFlags {
  wrap?: string;
  partition?: string;
  account?: string;
  time?: string;
  gpus?: string;
  gres?: string;
  cpusPerTask?: string;
  mem?: string;
  nodes?: string;
  ntasks?: string;
  jobName?: string;
  output?: string;
  error?: string;
  chdir?: string;
  exclude?: string;
  nodelist?: string;
  qos?: string;
  constraint?: string;
  array?: string;
  dependency?: string;
  testOnly?: boolean;
  json?: boolean;
  watch?: boolean;
  notify?: string[];
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `${flag} must be a whole number above 0, got "${value}"`,
    );
  }
  return n;
}

/** Flags -> options; the cluster's configured defaults fill what was not given. */
export function submitOptions(
  flags: SubmitFlags,
  defaults: ClusterContext['config']['defaults'],
): SubmitOptions {
  const options: SubmitOptions = {};
  const set = <K extends keyof SubmitOptions>(key: K, value: SubmitOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('partition', flags.partition ?? defaults.partition);
  set('account', flags.account ?? defaults.account);
  set('time', flags.time);
  set('gpus', flags.gpus);
  set('gres', flags.gres);
  set('cpusPerTask', positiveInt('--cpus-per-task', flags.cpusPerTask));
  set('mem', flags.mem);
  set('nodes', flags.nodes);
  set('ntasks', positiveInt('--ntasks', flags.ntasks));
  set('jobName', flags.jobName);
  set('output', flags.output);
  set('error', flags.error);
  set('chdir', flags.chdir);
  set('exclude', flags.exclude);
  set('nodelist', flags.nodelist);
  set('qos', flags.qos);
  set('constraint', flags.constraint);
  set('array', flags.array);
  set('dependency', flags.dependency);
  return options;
}

/** A script on this machine, or --wrap; the cluster's defaults fill what was not given. */
function submitRequest(
  context: ClusterContext,
  script: string | undefined,
  scriptArgs: string[],
  flags: SubmitFlags,
): SubmitRequest {
  const options = submitOptions(flags, context.config.defaults);
  if (flags.wrap !== undefined) {
    if (script !== undefined) {
      throw new SlurmdeckError('INVALID_ARGUMENT', 'give either a script or --wrap, not both');
    }
    return { ...options, wrap: flags.wrap };
  }
  if (script === undefined) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'nothing to submit', {
      hint: 'Give a batch script (slurmdeck submit train.sbatch) or a command (--wrap "python train.py").',
    });
  }
  return localScriptRequest(context.transport, options, script, scriptArgs);
}

export function registerSubmit(program: Command): void {
  program
    .command('submit')
    .description('submit a batch script or a command (--wrap); prints the job id')
    .argument('[script]', 'batch script on this machine')
    .argument('[args...]', 'arguments for the script (local clusters only)')
    .option('--wrap <command>', 'submit this command line instead of a script')
    .option('-p, --partition <name>', 'partition (default: the cluster default)')
    .option('-A, --account <name>', 'account to charge')
    .option('-t, --time <limit>', 'time limit, e.g. 30, 4:00:00, 2-00:00:00')
    .option('-G, --gpus <n>', 'GPUs for the job, e.g. 2 or a100:2')
    .option('--gres <spec>', 'generic resources, e.g. gpu:a100:2')
    .option('-c, --cpus-per-task <n>', 'CPUs per task')
    .option('--mem <size>', 'memory per node, e.g. 16G')
    .option('-N, --nodes <n>', 'nodes, e.g. 2 or 1-4')
    .option('-n, --ntasks <n>', 'tasks')
    .option('-J, --job-name <name>', 'job name')
    .option('-o, --output <pattern>', 'stdout file, e.g. logs/%x-%j.out')
    .option('-e, --error <pattern>', 'stderr file')
    .option('-D, --chdir <dir>', 'working directory on the cluster')
    .option('-x, --exclude <nodes>', 'nodes to avoid')
    .option('-w, --nodelist <nodes>', 'nodes to run on')
    .option('-q, --qos <name>', 'quality of service')
    .option('-C, --constraint <features>', 'node features')
    .option('-a, --array <spec>', 'job array, e.g. 0-15%4')
    .option('-d, --dependency <spec>', 'e.g. afterok:123')
    .option('--test-only', 'ask when and where it would start; submits nothing')
    .option('--watch', 'hand the job to the watcher, which reports how it ends')
    .option('--notify <channels...>', 'with --watch: send the report to these channels')
    .option('--json', 'machine-readable output')
    .action(
      async (
        script: string | undefined,
        scriptArgs: string[],
        flags: SubmitFlags,
        command: Command,
      ) =>
        withCluster(command, async (context, ws) => {
          const request = submitRequest(context, script, scriptArgs, flags);
          if (flags.testOnly) {
            const estimate = await context.slurm.testSubmit(request);
            if (flags.json) return printJson(estimate);
            return console.log(
              `would start at ${estimate.startTime} on ${estimate.nodes} (partition ${estimate.partition}, ${estimate.processors} CPUs); nothing was submitted`,
            );
          }
          // Channels are checked before anything is submitted, so a typo costs no job.
          const channels = flags.watch ? watchChannels(ws, flags.notify) : [];
          const result = await context.slurm.submit(request);
          if (flags.json) {
            if (flags.watch)
              addToWatch(ws, context.name, [result.jobId], channels, () => undefined);
            return printJson({
              cluster: context.name,
              jobId: result.jobId,
              watched: flags.watch === true,
            });
          }
          console.log(`submitted job ${result.jobId} on cluster ${context.name}`);
          if (flags.watch) addToWatch(ws, context.name, [result.jobId], channels);
        }),
    );
}
