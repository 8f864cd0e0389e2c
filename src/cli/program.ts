import { Command, CommanderError } from 'commander';
import type { OtherFaces } from './faces.js';
import { reportError } from './report-error.js';

export type { OtherFaces } from './faces.js';

/**
 * `hook epilog` runs on the controller once per job end: it loads only its own command, the
 * rest (SQLite, SSH, notification channels) is loaded for every other command.
 */
export async function buildProgram(
  argv: string[] = process.argv,
  faces: OtherFaces = {},
): Promise<Command> {
  const program = new Command('slurmdeck')
    .description('SLURM clusters for researchers and their agents')
    // Long form only: every command sees global options, and `-c` is sbatch's and srun's
    // --cpus-per-task in `submit` and `session start`.
    .option('--cluster <name>', 'cluster from the config (default: defaultCluster)')
    .option(
      '--site <site>',
      'a configured site: the node group of --partition, through its own login node',
    )
    .showHelpAfterError()
    .exitOverride();
  if (argv[2] === 'hook') {
    const { registerHook } = await import('./commands/hook.js');
    registerHook(program);
  } else {
    const { registerAll } = await import('./commands/all.js');
    registerAll(program, faces);
  }
  return program;
}

/** Runs one command line; resolves to the process exit code. */
export async function runCli(argv: string[], faces: OtherFaces = {}): Promise<number> {
  try {
    await (await buildProgram(argv, faces)).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(error, (line) => console.error(line));
  }
}
