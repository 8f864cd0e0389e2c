import { resolveChannelNames } from '../notify/index.js';
import type { PollerStatus } from './background-watch.js';
import type { McpDeps } from './deps.js';

/** Channels for a watch: the ones named, else the configured defaults; unknown names refused. */
export function watchChannels(deps: McpDeps, named: readonly string[] | undefined): string[] {
  return resolveChannelNames(deps.config().notify, named);
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
