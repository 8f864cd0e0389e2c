import { CPUS_PER_NODE, MEMORY_MB_PER_NODE } from './config-files.js';
import type { HostPlan } from './layout.js';

/** The partition of the hosts `node add` joins: the ones `up` made keep their partitions as they are. */
export const ADDED_PARTITION = 'added';

/**
 * slurm.conf as `up` wrote it, plus a node line for each added host (no GPUs: they have no
 * gres.conf entry) and a partition of their own. With no added hosts, `conf` unchanged.
 */
export function withAddedNodes(conf: string, added: readonly HostPlan[]): string {
  if (added.length === 0) return conf;
  const lines = conf.replace(/\n$/, '').split('\n');
  const firstPartition = lines.findIndex((line) => line.startsWith('PartitionName='));
  const at = firstPartition === -1 ? lines.length : firstPartition;
  const nodeLines = added.map(
    (n) =>
      `NodeName=${n.name} NodeAddr=${n.address} CPUs=${CPUS_PER_NODE} RealMemory=${MEMORY_MB_PER_NODE} State=UNKNOWN`,
  );
  const partition = `PartitionName=${ADDED_PARTITION} Nodes=${added.map((n) => n.name).join(',')} MaxTime=1-00:00:00 State=UP`;
  return [...lines.slice(0, at), ...nodeLines, ...lines.slice(at), partition, ''].join('\n');
}
