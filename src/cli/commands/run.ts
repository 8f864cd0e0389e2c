import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import { canReraise, runCommand, shellExitCode } from '../../runner/index.js';

interface RunFlags {
  dir?: string;
  logDir?: string;
  shell?: boolean;
  sysInterval: string;
  tensorboard?: string[];
}

/** `--sys-interval` in seconds: a whole number, 0 for no sampling. */
export function sysIntervalSeconds(text: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !Number.isFinite(seconds)) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `--sys-interval ${text}: not a number of seconds`,
      {
        hint: 'Seconds between samples, e.g. --sys-interval 15; 0 turns sampling off.',
      },
    );
  }
  return seconds;
}

/**
 * The command after `--`, taken from the raw argv: without `--`, the command's own options would
 * be read as ours (`python -c ...` as --cluster), so a command given without it is refused.
 */
export function commandAfterDashes(rawArgs: readonly string[], operands: readonly string[]) {
  const dashes = rawArgs.indexOf('--');
  const tail = dashes === -1 ? [] : rawArgs.slice(dashes + 1);
  if (operands.length !== tail.length) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'put -- before the command to run', {
      hint: 'slurmdeck run [--dir D] [--log-dir L] [--shell] -- COMMAND ARGS...',
    });
  }
  return tail;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a command in a job: log its output, pass on signals, record how it ended')
    .argument('[command...]', 'the command and its arguments, after --')
    .option('--dir <dir>', 'where .slurmdeck/runs/<runId>.json goes (default: current directory)')
    .option('--log-dir <dir>', 'folder for the log (default: <dir>/.slurmdeck/logs)')
    .option('--shell', 'run the command through sh -c')
    .option(
      '--sys-interval <seconds>',
      "seconds between samples of the job's CPU, RSS and GPUs for the tracker (0: off)",
      '15',
    )
    .option(
      '--tensorboard <dir...>',
      'folders the command writes TensorBoard event files to (the work dir is searched anyway)',
    )
    .addHelpText(
      'after',
      `
In a batch script, make it the last command with exec, or run it under srun:
  exec slurmdeck run -- python train.py --lr 3e-4
  srun slurmdeck run -- python train.py
Inside a job it samples the job's CPU %, RSS and GPUs (nvidia-smi) every --sys-interval
seconds into the job's run (sys/... keys; to SLURMDECK_URL, else the spool), and records the
--tensorboard folders and $SLURMDECK_SPOOL_DIR for the login node to read.
Exits with the command's exit code (128+N when signal N ended it). The run id is the job id,
<jobid>.r<N> after N requeues, or local-<time>-<pid> outside Slurm.`,
    )
    .action(async (operands: string[], flags: RunFlags, command: Command) => {
      // Commander keeps the raw argv on the program but does not declare it.
      const raw = (command.parent as { rawArgs?: string[] } | null)?.rawArgs ?? process.argv;
      const argv = commandAfterDashes(raw, operands);
      if (argv.length === 0) {
        throw new SlurmdeckError('INVALID_ARGUMENT', 'no command to run', {
          hint: 'Put the command after --: slurmdeck run -- python train.py',
        });
      }
      const { record, recordPath, recordError } = await runCommand({
        command: flags.shell ? ['sh', '-c', argv.join(' ')] : argv,
        workDir: flags.dir,
        logDir: flags.logDir,
        sysIntervalSeconds: sysIntervalSeconds(flags.sysInterval),
        tensorboard: flags.tensorboard ?? [],
        stdout: process.stdout,
        stderr: process.stderr,
      });
      if (recordError) {
        console.error(
          `[slurmdeck] could not write the completion record ${recordPath}: ${recordError.message}`,
        );
      }
      process.exitCode = shellExitCode(record);
      // Ending by the same signal tells a calling shell the command was interrupted, not failed.
      if (canReraise(record.signal)) process.kill(process.pid, record.signal);
    });
}
