import { isAbsolute } from 'node:path';
import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import {
  checkAgainstCluster,
  localScriptText,
  submitRequest,
  type SubmitWording,
} from '../../jobs/submit-request.js';
import { checkSiteSubmit } from '../../sites/index.js';
import { parseDuration, SBATCH_OPTIONS } from '../../slurm/index.js';
import { submitWithTracker, type Workspace } from '../../workspace/index.js';
import { withCluster } from '../context.js';
import { printJson } from '../format.js';
import { DONE_WITH_WARNING_EXIT_CODE, reportError } from '../report-error.js';
import { addToWatch, watchChannels } from './watch.js';

interface SubmitFlags extends Record<string, unknown> {
  wrap?: string;
  testOnly?: boolean;
  json?: boolean;
  strict?: boolean;
  watch?: boolean;
  notify?: string[];
}

const WORDING: SubmitWording = {
  labels: { localScriptPath: 'a script', wrap: '--wrap', scriptArgs: 'script arguments' },
  nothing:
    'Give a batch script (slurmdeck submit train.sbatch) or a command (--wrap "python train.py").',
};

/** A failure after the job was submitted, for --json: what went wrong, beside the job id. */
const problem = (error: unknown) =>
  error instanceof SlurmdeckError
    ? { code: error.code, message: error.message }
    : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };

/** `-c, --cpus-per-task <n>`: the spelling sbatch users know, short flag included. */
const optionFlags = (o: (typeof SBATCH_OPTIONS)[number]) =>
  `${'short' in o ? `${o.short}, ` : ''}${o.flag} ${o.arg}`;

/**
 * At a site: a job that reads cold storage is warned about (refused with --strict), and one
 * whose time limit crosses a maintenance window too.
 */
function checkAtSite(
  ws: Workspace,
  command: Command,
  flags: SubmitFlags,
  script: string | undefined,
  scriptText: string | undefined,
): void {
  const site = command.optsWithGlobals<{ site?: string }>().site;
  if (!site) return;
  const text = (key: string) =>
    typeof flags[key] === 'string' ? (flags[key] as string) : undefined;
  const time = text('time');
  const timeLimitS = time === undefined ? undefined : parseDuration(time);
  const check = checkSiteSubmit(ws.config(), site, {
    ...(text('partition') ? { partition: text('partition') as string } : {}),
    ...(text('chdir') ? { chdir: text('chdir') as string } : {}),
    ...(script && isAbsolute(script) ? { scriptPath: script } : {}),
    ...(scriptText !== undefined ? { scriptText } : {}),
    ...(text('wrap') ? { wrap: text('wrap') as string } : {}),
    ...(typeof timeLimitS === 'number' ? { timeLimitS } : {}),
  });
  if (check.coldStorage.length && flags.strict) {
    throw new SlurmdeckError('INVALID_ARGUMENT', check.coldStorage.join('\n'), {
      hint: 'Copy the data to hot storage first (the command is above), or leave out --strict.',
    });
  }
  for (const warning of [...check.coldStorage, ...check.maintenance])
    console.error(`warning: ${warning}`);
}

export function registerSubmit(program: Command): void {
  const submit = program
    .command('submit')
    .description('submit a batch script or a command (--wrap); prints the job id')
    .argument('[script]', 'batch script on this machine')
    .argument('[args...]', 'arguments for the script (local clusters only)')
    .option('--wrap <command>', 'submit this command line instead of a script');
  for (const option of SBATCH_OPTIONS) submit.option(optionFlags(option), option.help);
  submit
    .option('--test-only', 'ask when and where it would start; submits nothing')
    .option('--watch', 'hand the job to the watcher, which reports how it ends')
    .option('--notify <channels...>', 'with --watch: send the report to these channels')
    .option('--strict', 'with --site: refuse a job that would read cold storage')
    .option('--json', 'machine-readable output')
    .action(
      async (
        script: string | undefined,
        scriptArgs: string[],
        flags: SubmitFlags,
        command: Command,
      ) =>
        withCluster(command, async (context, ws) => {
          const request = submitRequest(
            { ...flags, localScriptPath: script, scriptArgs },
            { transport: context.transport, defaults: context.config.defaults },
            WORDING,
          );
          const scriptText = localScriptText(request);
          checkAtSite(ws, command, flags, script, scriptText);
          await checkAgainstCluster(context.slurm, request, scriptText);
          if (flags.testOnly) {
            const estimate = await context.slurm.testSubmit(request);
            if (flags.json) return printJson(estimate);
            return console.log(
              `would start at ${estimate.startTime} on ${estimate.nodes} (partition ${estimate.partition}, ${estimate.processors} CPUs); nothing was submitted`,
            );
          }
          // Channels are checked before anything is submitted, so a typo costs no job.
          const channels = flags.watch ? watchChannels(ws, flags.notify) : [];
          const { jobId } = await submitWithTracker(ws, context, request, scriptText);
          // From here on the job exists: its id is printed whatever fails next, so that a
          // script that retries on failure does not submit it twice.
          if (!flags.json) console.log(`submitted job ${jobId} on cluster ${context.name}`);
          let watchError: unknown;
          if (flags.watch) {
            try {
              addToWatch(
                ws,
                context.name,
                [jobId],
                channels,
                flags.json ? () => undefined : undefined,
              );
            } catch (error) {
              watchError = error;
            }
          }
          if (flags.json) {
            printJson({
              cluster: context.name,
              jobId,
              watched: flags.watch === true && watchError === undefined,
              ...(watchError === undefined ? {} : { watchError: problem(watchError) }),
            });
          }
          if (watchError !== undefined) {
            console.error(`warning: job ${jobId} was submitted, but watching it failed:`);
            reportError(watchError, (line) => console.error(`warning: ${line}`));
            console.error(
              `warning: do not submit again; watch it with: slurmdeck watch add ${jobId}`,
            );
            process.exitCode = DONE_WITH_WARNING_EXIT_CODE;
          }
        }),
    );
}
