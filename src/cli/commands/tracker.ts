import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import { logPoints } from '../../tracker/index.js';

/** The Python client's folder in the installed package (dist/cli/commands -> python/). */
export function pythonClientDir(): string {
  return fileURLToPath(new URL('../../../python', import.meta.url));
}

export function registerTracker(program: Command): void {
  const tracker = program.command('tracker').description('experiment tracking tied to jobs');
  tracker
    .command('pythonpath')
    .description('the folder of the Python client (add it to PYTHONPATH, or pip install it)')
    .action(() => {
      const dir = pythonClientDir();
      if (!existsSync(join(dir, 'slurmdeck_tracker', '__init__.py'))) {
        throw new SlurmdeckError('INVALID_ARGUMENT', `the Python client is missing from ${dir}`, {
          hint: 'Reinstall slurmdeck: its package ships python/slurmdeck_tracker.',
        });
      }
      console.log(dir);
    });
}

interface LogFlags {
  step?: string;
  run?: string;
  project: string;
}

/** KEY=VALUE pairs into numbers; the value may be nan, inf or -inf. */
export function parseAssignments(pairs: readonly string[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at);
    const raw = pair
      .slice(at + 1)
      .trim()
      .toLowerCase();
    const value =
      raw === 'nan'
        ? NaN
        : raw === 'inf' || raw === '+inf'
          ? Infinity
          : raw === '-inf'
            ? -Infinity
            : Number(raw);
    if (at <= 0 || raw === '' || Number.isNaN(value) !== (raw === 'nan')) {
      throw new SlurmdeckError('INVALID_ARGUMENT', `not KEY=NUMBER: ${pair}`, {
        hint: 'slurmdeck log loss=0.25 acc=0.9 --step 100',
      });
    }
    values[key] = value;
  }
  return values;
}

/** The run a shell script logs to: --run, $SLURMDECK_RUN_ID, else one per Slurm job. */
function runOf(flags: LogFlags, env: NodeJS.ProcessEnv): string {
  const named = flags.run ?? env['SLURMDECK_RUN_ID'];
  if (named) return named;
  const job =
    env['SLURM_ARRAY_JOB_ID'] && env['SLURM_ARRAY_TASK_ID']
      ? `${env['SLURM_ARRAY_JOB_ID']}_${env['SLURM_ARRAY_TASK_ID']}`
      : env['SLURM_JOB_ID'];
  if (job) return `job-${env['SLURMDECK_CLUSTER'] ?? env['SLURM_CLUSTER_NAME'] ?? 'slurm'}-${job}`;
  throw new SlurmdeckError('INVALID_ARGUMENT', 'outside a Slurm job, say which run to log to', {
    hint: `Pass --run ID (e.g. --run ${randomBytes(16).toString('hex')}) or set SLURMDECK_RUN_ID.`,
  });
}

export function registerLog(program: Command): void {
  program
    .command('log')
    .description('log metrics from a shell script: to the server, or the spool when it is away')
    .argument('<pairs...>', 'KEY=VALUE pairs, e.g. loss=0.25')
    .option('--step <n>', 'the step (default 0)')
    .option('--run <id>', 'the run (default: $SLURMDECK_RUN_ID, else one run per Slurm job)')
    .option('--project <name>', 'the project of a run this creates', 'default')
    .action(async (pairs: string[], flags: LogFlags) => {
      const env = process.env;
      const step = Number(flags.step ?? 0);
      if (!Number.isSafeInteger(step) || step < 0) {
        throw new SlurmdeckError('INVALID_ARGUMENT', `--step must be a whole number >= 0`, {
          hint: 'slurmdeck log loss=0.25 --step 100',
        });
      }
      const arrayTask = env['SLURM_ARRAY_TASK_ID'];
      const outcome = await logPoints({
        uid: runOf(flags, env),
        project: flags.project,
        values: parseAssignments(pairs),
        step,
        url: env['SLURMDECK_URL']?.replace(/\/+$/, '') || undefined,
        token: env['SLURMDECK_TOKEN'] || undefined,
        spoolRoot: env['SLURMDECK_SPOOL_DIR'] || join(process.cwd(), '.slurmdeck'),
        init: {
          ...(env['SLURM_JOB_ID']
            ? {
                job_id:
                  env['SLURM_ARRAY_JOB_ID'] && arrayTask
                    ? `${env['SLURM_ARRAY_JOB_ID']}_${arrayTask}`
                    : env['SLURM_JOB_ID'],
              }
            : {}),
          ...(arrayTask ? { array_task: Number(arrayTask) } : {}),
          restart_count: Number(env['SLURM_RESTART_COUNT'] ?? 0) || 0,
          ...(env['SLURMDECK_CLUSTER'] || env['SLURM_CLUSTER_NAME']
            ? { cluster: env['SLURMDECK_CLUSTER'] || env['SLURM_CLUSTER_NAME'] }
            : {}),
        },
      });
      if (outcome.via === 'spool') {
        const why = env['SLURMDECK_URL'] ? 'the server did not answer' : 'no SLURMDECK_URL';
        console.error(`slurmdeck log: ${why}; spooled to ${outcome.folder}`);
      }
    });
}
