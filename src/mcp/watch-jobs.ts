import { SlurmdeckError } from '../core/errors.js';
import type { PollerStatus } from './background-watch.js';
import type { McpDeps } from './deps.js';

/** Channels for a watch: the ones named, else the configured defaults; unknown names refused. */
export function watchChannels(deps: McpDeps, named: readonly string[] | undefined): string[] {
  const notify = deps.config().notify;
  const channels = named ?? notify.defaultChannels;
  const unknown = channels.filter((c) => !(c in notify.channels));
  if (unknown.length > 0) {
    throw new SlurmdeckError(
      'CHANNEL_UNKNOWN',
      `unknown notification channel: ${unknown.join(', ')}`,
      {
        hint: `Configured channels: ${Object.keys(notify.channels).join(', ') || 'none (the user adds them under notify.channels)'}.`,
      },
    );
  }
  return [...channels];
}

/** Adds jobs to the durable watch list and makes sure someone polls their cluster. */
export function watchJobs(
  deps: McpDeps,
  cluster: string,
  jobIds: readonly string[],
  channels: readonly string[],
): PollerStatus {
  deps.watchStore.add(cluster, jobIds, channels);
  const status = deps.background.ensure(cluster);
  deps.background.wake(cluster);
  return status;
}

export function pollerText(status: PollerStatus): string {
  switch (status.poller) {
    case 'this-server':
      return 'this server polls Slurm for them';
    case 'another-process':
      return `slurmdeck process ${status.pid} polls Slurm for them`;
    case 'off':
      return 'background polling is off in this server: run `slurmdeck watch` for events';
    default:
      return 'nobody polls Slurm for them yet: run `slurmdeck watch`';
  }
}
