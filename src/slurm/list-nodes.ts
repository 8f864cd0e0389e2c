import { buildClusterView } from './cluster-view.js';
import { runSlurm, type RunContext, type RunOptions } from './run.js';
import { parseSinfo, sinfoArgv } from './sinfo-format.js';
import type { ClusterView } from './types.js';

/** Partitions and nodes from ONE sinfo call (REQUEST_NODE_INFO + REQUEST_PARTITION_INFO). */
export async function clusterView(ctx: RunContext, options: RunOptions = {}): Promise<ClusterView> {
  const { stdout } = await runSlurm(ctx, sinfoArgv(), options);
  return buildClusterView(parseSinfo(stdout));
}
