import { hostname } from 'node:os';
import { MAX_NODES, type ClusterLayout } from './layout.js';

/** The second node group's partition: submitted to from its own login host only. */
export const EAST_PARTITION = 'east';

/** The name Slurm's client commands give as their submit host: the short host name. */
export const machineName = () => hostname().split('.')[0] as string;

/**
 * Partitions by node group, as at a site where each login node submits only to its own group's
 * partitions (Slurm's AllocNodes). The first group's may be used from the controller, the first
 * login host, compute nodes (jobs that submit) and this machine's own shell; the second's only
 * from the second login host. Both groups share the compute nodes.
 */
export function partitionLines(layout: ClusterLayout, submitHost = machineName()): string[] {
  const { computes, controller, login, login2 } = layout;
  const nodeNames = computes.map((n) => n.name).join(',');
  const gpuNodes = computes.length > 1 ? computes.slice(1) : computes;
  // This machine's own shell is `localhost` where its name resolves to 127.0.0.1.
  const mainHosts = [controller.name, login.name, `n[1-${MAX_NODES}]`, 'localhost', submitHost];
  return [
    `PartitionName=cpu Nodes=${nodeNames} Default=YES MaxTime=1-00:00:00 State=UP AllocNodes=${mainHosts.join(',')}`,
    `PartitionName=gpu Nodes=${gpuNodes.map((n) => n.name).join(',')} MaxTime=1-00:00:00 State=UP AllocNodes=${mainHosts.join(',')}`,
    `PartitionName=${EAST_PARTITION} Nodes=${nodeNames} MaxTime=1-00:00:00 State=UP AllocNodes=${login2.name}`,
  ];
}
