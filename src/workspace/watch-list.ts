import type { PollerStatus } from '../jobs/index.js';
import { resolveChannelNames } from '../notify/index.js';
import type { Workspace } from './workspace.js';

/** Channels for a watch: the ones named, else the configured defaults; unknown names refused. */
export function watchChannels(ws: Workspace, named: readonly string[] | undefined): string[] {
  return resolveChannelNames(ws.config().notify, named);
}

/**
 * Adds jobs to the durable watch list and makes sure someone polls their cluster (this process
 * when nobody else does); the poller looks at once rather than at its next interval.
 */
export function watchJobs(
  ws: Workspace,
  cluster: string,
  jobIds: readonly string[],
  channels: readonly string[],
): PollerStatus {
  ws.watchStore.add(cluster, jobIds, channels);
  const status = ws.pollers.ensure(cluster);
  ws.pollers.wake(cluster);
  return status;
}
