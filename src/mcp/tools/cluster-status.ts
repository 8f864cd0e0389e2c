import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { unhealthyNodes, type Partition } from '../../slurm/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { clusterArg, counts, READ_CLUSTER } from './schemas.js';

const partitionView = (p: Partition) => ({
  name: p.name,
  isDefault: p.isDefault,
  state: p.availability,
  nodes: p.nodes.length,
  cpus: { idle: p.cpus.idle, total: p.cpus.total },
  gpus: { idle: p.gpus.idle, total: p.gpus.total },
  gpusByType: Object.fromEntries(
    Object.entries(p.gpusByType).map(([type, c]) => [
      type || 'untyped',
      { idle: c.idle, total: c.total },
    ]),
  ),
  maxTimeSeconds: p.maxTimeSeconds ?? null,
});

export function registerClusterStatusTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'cluster_status',
    {
      title: 'Cluster status and free GPUs',
      description:
        'Partitions of a cluster with free (idle) GPUs and CPUs, GPUs free per type (e.g. a100), time limits, and nodes that need attention. One sinfo call. Use it to pick a partition before submitting or starting a session.',
      inputSchema: { cluster: clusterArg },
      outputSchema: {
        cluster: z.string(),
        slurmVersion: z.string(),
        freeGpus: z
          .number()
          .describe('idle GPUs over all partitions (a node in two partitions counts once)'),
        partitions: z.array(
          z.object({
            name: z.string(),
            isDefault: z.boolean(),
            state: z.string(),
            nodes: z.number(),
            cpus: counts,
            gpus: counts,
            gpusByType: z.record(z.string(), counts),
            maxTimeSeconds: z.number().nullable(),
          }),
        ),
        unhealthyNodes: z.array(
          z.object({ name: z.string(), state: z.string(), reason: z.string().optional() }),
        ),
      },
      annotations: READ_CLUSTER,
    },
    guard(deps, async ({ cluster }) => {
      const { name, slurm } = deps.cluster(cluster);
      const [version, view] = await Promise.all([slurm.version(), slurm.clusterView()]);
      const partitions = view.partitions.map(partitionView);
      const byNode = new Map(view.nodes.map((n) => [n.name, n.gpus.idle]));
      const freeGpus = [...byNode.values()].reduce((a, b) => a + b, 0);
      const bad = unhealthyNodes(view.nodes).map((n) => ({
        name: n.name,
        state: `${n.state}${n.responding ? '' : '*'}`,
        ...(n.reason ? { reason: n.reason } : {}),
      }));
      const lines = partitions.map((p) => {
        const types = Object.entries(p.gpusByType)
          .map(([t, c]) => `${t} ${c.idle}/${c.total}`)
          .join(', ');
        return `- ${p.name}${p.isDefault ? ' (default)' : ''}: ${p.state}, GPUs free ${p.gpus.idle}/${p.gpus.total}${types ? ` (${types})` : ''}, CPUs free ${p.cpus.idle}/${p.cpus.total}`;
      });
      const text = `cluster ${name} (slurm ${version.raw}): ${freeGpus} GPU(s) free\n${lines.join('\n')}\n${
        bad.length
          ? `${bad.length} node(s) need attention: ${bad.map((n) => `${n.name} ${n.state}`).join(', ')}`
          : 'all nodes healthy'
      }`;
      return toolResult(
        { cluster: name, slurmVersion: version.raw, freeGpus, partitions, unhealthyNodes: bad },
        text,
      );
    }),
  );
}
