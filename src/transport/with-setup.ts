import { SlurmdeckError } from '../core/errors.js';
import type { ExecOptions, ExecResult, Transport } from './types.js';

// Exit code and last stderr line of a setup that failed, so it is not read as the command's.
const SETUP_FAILED = 125;
const SETUP_FAILED_LINE = 'slurmdeck: the setup failed';

/**
 * Shell lines that run the setup held in the variable `name`, output to stderr. `module` lives
 * in the login shell's startup files, which a plain sh skips: a setup that uses it gets
 * /etc/profile read first when `module` is not defined yet. The last line fails when it does.
 */
export function setupLines(name: string): string {
  return `case $${name} in *module*) command -v module >/dev/null 2>&1 || . /etc/profile >/dev/null 2>&1;; esac
{ eval "$${name}"; } >&2`;
}

/** $1 is the setup, the rest the command. Setup output goes to stderr, apart from what we parse. */
const WRAPPER = `s=$1; shift
${setupLines('s')} || { echo '${SETUP_FAILED_LINE}' >&2; exit ${SETUP_FAILED}; }
exec "$@"`;

/**
 * A transport whose every command runs after `setup` (e.g. `module load slurm` where the Slurm
 * commands exist only after it), in the same shell, so PATH and environment carry over.
 */
export function withSetup(transport: Transport, setup: string | undefined): Transport {
  if (!setup?.trim()) return transport;
  return {
    kind: transport.kind,
    target: transport.target,
    close: () => transport.close(),
    async exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
      const result = await transport.exec(
        ['/bin/sh', '-c', WRAPPER, 'sh', setup, ...argv],
        options,
      );
      const stderr = result.stderr.replace(/\n?$/, '');
      if (result.exitCode === SETUP_FAILED && stderr.endsWith(SETUP_FAILED_LINE)) {
        const said = stderr
          .slice(0, -SETUP_FAILED_LINE.length)
          .trim()
          .split('\n')
          .slice(-3)
          .join(' ');
        throw new SlurmdeckError(
          'SLURM_UNAVAILABLE',
          `the cluster's setup \`${setup}\` failed on ${transport.target}${said ? `: ${said}` : ''}`,
          {
            hint: 'Run the setup by hand on the login node and fix it (or the `setup` of this cluster in the config).',
            data: { setup, exitCode: result.exitCode },
          },
        );
      }
      return { ...result, argv: [...argv] };
    },
  };
}
