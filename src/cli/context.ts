import type { Command } from 'commander';
import { loadConfig, resolveCluster } from '../core/config.js';
import { openClusterHandle, type ClusterHandle } from '../sites/index.js';

export type ClusterContext = ClusterHandle;

/** The name of the cluster a command is about, without connecting to it. */
export function clusterName(command: Command): string {
  return resolveCluster(loadConfig(), command.optsWithGlobals<{ cluster?: string }>().cluster).name;
}

/** The cluster named by --cluster (or the default), with its transport and Slurm client. */
export function openCluster(command: Command): ClusterContext {
  const wanted = command.optsWithGlobals<{ cluster?: string }>().cluster;
  const { name, cluster } = resolveCluster(loadConfig(), wanted);
  return openClusterHandle(name, cluster);
}

/** Runs a command body with an open cluster; the ssh master stays up (ControlPersist) for the next call. */
export async function withCluster<T>(
  command: Command,
  body: (context: ClusterContext) => Promise<T>,
): Promise<T> {
  return body(openCluster(command));
}
