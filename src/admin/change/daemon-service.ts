import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import type { Target } from '../targets/resolve-targets.js';

export type AdminDaemon = 'munged' | 'slurmd';
export type DaemonAction = 'start' | 'stop' | 'restart';

const SYSTEMD_UNITS: Record<AdminDaemon, string> = { munged: 'munge', slurmd: 'slurmd' };

/**
 * The command that starts, stops or restarts a daemon on a node: systemctl unless configured.
 * A configured command is told a configless slurmd's `--conf-server HOST:PORT` after the
 * daemon; under systemd a unit drop-in carries it (see init's conf-server-unit.ts).
 */
export function serviceArgv(
  serviceCommand: readonly string[] | undefined,
  action: DaemonAction,
  daemon: AdminDaemon,
  confServer?: string,
): string[] {
  if (!serviceCommand) return ['systemctl', action, SYSTEMD_UNITS[daemon]];
  const extra = confServer && daemon === 'slurmd' && action !== 'stop';
  return [...serviceCommand, action, daemon, ...(extra ? ['--conf-server', confServer] : [])];
}

/** Runs the service command on the node; whether the daemon then works is checked apart. */
export async function controlDaemon(
  access: AdminAccess,
  target: Target,
  action: DaemonAction,
  daemon: AdminDaemon,
  signal?: AbortSignal,
  confServer?: string,
): Promise<void> {
  const argv = serviceArgv(access.serviceCommand, action, daemon, confServer);
  const result = await access.node(target.address).exec(argv, {
    timeoutMs: 120_000,
    ...(signal ? { signal } : {}),
  });
  if (result.exitCode !== 0) {
    throw new SlurmdeckError(
      'SLURM_REJECTED',
      `\`${argv.join(' ')}\` on ${target.name} failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`,
      {
        hint: `See ${daemon}'s log on ${target.name} (\`slurmdeck admin doctor ${target.name}\`).`,
      },
    );
  }
}
