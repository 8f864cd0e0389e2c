import type { Command } from 'commander';
import type { Node } from '../../slurm/index.js';
import { withCluster } from '../context.js';
import { formatFree, printJson } from '../format.js';
import { renderTable } from '../table.js';

/** sinfo lists a node once per partition; people want each node once. */
function mergeByName(nodes: readonly Node[]): Node[] {
  const byName = new Map<string, Node>();
  for (const node of nodes) {
    const seen = byName.get(node.name);
    if (!seen) byName.set(node.name, { ...node, partitions: [...node.partitions] });
    else for (const p of node.partitions) if (!seen.partitions.includes(p)) seen.partitions.push(p);
  }
  return [...byName.values()];
}

export function registerNodes(program: Command): void {
  program
    .command('nodes')
    .description('every node: state, free CPUs and GPUs, memory, reason')
    .option('--partition <name>', 'only nodes of this partition')
    .option('--json', 'machine-readable output')
    .action(async (options: { partition?: string; json?: boolean }, command: Command) =>
      withCluster(command, async ({ slurm }) => {
        let nodes = mergeByName(await slurm.listNodes());
        if (options.partition)
          nodes = nodes.filter((n) => n.partitions.includes(options.partition as string));
        if (options.json) return printJson(nodes);
        console.log(
          renderTable(nodes, [
            { header: 'NODE', value: (n) => n.name },
            { header: 'STATE', value: (n) => `${n.state}${n.responding ? '' : '*'}` },
            { header: 'FREE CPUS', value: (n) => formatFree(n.cpus), align: 'right' },
            { header: 'FREE GPUS', value: (n) => formatFree(n.gpus), align: 'right' },
            {
              header: 'FREE MEM',
              value: (n) =>
                n.memoryMb === undefined
                  ? '-'
                  : `${Math.round((n.memoryMb - (n.allocatedMemoryMb ?? 0)) / 1024)}/${Math.round(n.memoryMb / 1024)}G`,
              align: 'right',
            },
            { header: 'PARTITIONS', value: (n) => n.partitions.join(','), flexible: true },
            { header: 'REASON', value: (n) => n.reason ?? '', flexible: true },
          ]),
        );
      }),
    );
}
