import type { Command } from 'commander';
import { loadConfig, resolveCluster, type ClusterConfig } from '../core/config.js';
import { createSlurmClient, type SlurmClient } from '../slurm/index.js';
import { createLocalTransport, createSshTransport, type Transport } from '../transport/index.js';

export interface ClusterContext {
  name: string;
  config: ClusterConfig;
  transport: Transport;
  slurm: SlurmClient;
}

export function transportFor(cluster: ClusterConfig): Transport {
  if (cluster.transport === 'local') return createLocalTransport();
  const { transport: _kind, defaults: _defaults, ...target } = cluster; // the rest is the ssh target
  return createSshTransport(target);
}

/** The name of the cluster a command is about, without connecting to it. */
export function clusterName(command: Command): string {
  return resolveCluster(loadConfig(), command.optsWithGlobals<{ cluster?: string }>().cluster).name;
}

/** The cluster named by --cluster (or the default), with its transport and Slurm client. */
export function openCluster(command: Command): ClusterContext {
  const wanted = command.optsWithGlobals<{ cluster?: string }>().cluster;
  const { name, cluster } = resolveCluster(loadConfig(), wanted);
  const transport = transportFor(cluster);
  const userOption = cluster.transport === 'ssh' && cluster.user ? { user: cluster.user } : {};
  return { name, config: cluster, transport, slurm: createSlurmClient(transport, userOption) };
}

/** Runs a command body with an open cluster; the ssh master stays up (ControlPersist) for the next call. */
export async function withCluster<T>(
  command: Command,
  body: (context: ClusterContext) => Promise<T>,
): Promise<T> {
  return body(openCluster(command));
}
