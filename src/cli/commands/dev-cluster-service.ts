import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import { devRoot, devService } from '../../devcluster/index.js';

const ACTIONS = ['start', 'stop', 'restart'] as const;
const DAEMONS = ['munged', 'slurmd'] as const;

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new SlurmdeckError('INVALID_ARGUMENT', `${what} "${value}" is not known`, {
    hint: `Give one of: ${allowed.join(', ')}.`,
  });
}

/**
 * `dev-cluster service ACTION DAEMON`: the dev hosts' stand-in for systemctl, run on the host
 * over the admin's ssh (the dev cluster's `admin.serviceCommand`).
 */
export function registerDevClusterService(dev: Command): void {
  dev
    .command('service')
    .description("start, stop or restart munged or slurmd on this dev host (admin's systemctl)")
    .argument('<action>', ACTIONS.join('|'))
    .argument('<daemon>', DAEMONS.join('|'))
    .option('--root <dir>', "the dev cluster's folder")
    .option('--host <name>', 'the dev host (default: this host name)')
    .option('--conf-server <host:port>', 'slurmd: configless, its config fetched from slurmctld')
    .action(
      async (
        action: string,
        daemon: string,
        options: { root?: string; host?: string; confServer?: string },
      ) => {
        const running = await devService(
          options.root ?? devRoot(),
          oneOf(action, ACTIONS, 'action'),
          oneOf(daemon, DAEMONS, 'daemon'),
          options.host,
          options.confServer,
        );
        console.log(`${daemon} ${running ? 'running' : 'not running'}`);
      },
    );
}
