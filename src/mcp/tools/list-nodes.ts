import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { clusterArg, counts, READ_CLUSTER } from './schemas.js';

export function registerListNodesTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'list_nodes',
    {
      title: 'List nodes',
      description:
        'Every compute node: state, free CPUs, GPUs and memory, partitions, and why it is down or drained. Filter by partition or to nodes with free GPUs.',
      inputSchema: {
        cluster: clusterArg,
        partition: z.string().optional().describe('only nodes of this partition'),
        withFreeGpus: z.boolean().optional().describe('only nodes with at least one idle GPU'),
      },
      outputSchema: {
        cluster: z.string(),
        nodes: z.array(
          z.object({
            name: z.string(),
            state: z.string(),
            responding: z.boolean(),
            usable: z.boolean(),
            partitions: z.array(z.string()),
            cpus: counts,
            gpus: counts,
            gpuTypes: z.array(z.string()),
            memoryMb: z.number().optional(),
            freeMemoryMb: z.number().optional(),
            reason: z.string().optional(),
          }),
        ),
      },
      annotations: READ_CLUSTER,
    },
    guard(deps, async ({ cluster, partition, withFreeGpus }) => {
      const { name, slurm } = deps.cluster(cluster);
      let nodes = await slurm.listNodes();
      if (partition) nodes = nodes.filter((n) => n.partitions.includes(partition));
      if (withFreeGpus) nodes = nodes.filter((n) => n.usable && n.gpus.idle > 0);
      const view = nodes.map((n) => ({
        name: n.name,
        state: n.stateRaw,
        responding: n.responding,
        usable: n.usable,
        partitions: n.partitions,
        cpus: { idle: n.cpus.idle, total: n.cpus.total },
        gpus: { idle: n.gpus.idle, total: n.gpus.total },
        gpuTypes: [
          ...new Set(n.gres.filter((g) => g.name === 'gpu' && g.type).map((g) => g.type as string)),
        ],
        ...(n.memoryMb === undefined ? {} : { memoryMb: n.memoryMb }),
        ...(n.memoryMb === undefined
          ? {}
          : { freeMemoryMb: n.memoryMb - (n.allocatedMemoryMb ?? 0) }),
        ...(n.reason ? { reason: n.reason } : {}),
      }));
      const text =
        view.length === 0
          ? 'no nodes match'
          : view
              .map(
                (n) =>
                  `${n.name} ${n.state}: GPUs free ${n.gpus.idle}/${n.gpus.total}, CPUs free ${n.cpus.idle}/${n.cpus.total} [${n.partitions.join(',')}]${n.reason ? ` reason: ${n.reason}` : ''}`,
              )
              .join('\n');
      return toolResult({ cluster: name, nodes: view }, text);
    }),
  );
}
