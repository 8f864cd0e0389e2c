import type { Command } from 'commander';
import { withCluster } from '../context.js';
import { formatFree, printJson } from '../format.js';
import { renderTable } from '../table.js';

export function registerNodes(program: Command): void {
  program
    .command('nodes')
    .description('every node: state, free CPUs and GPUs, memory, reason')
    .option('--partition <name>', 'only nodes of this partition')
    .option('--json', 'machine-readable output')
    .action(async (options: { partition?: string; json?: boolean }, command: Command) =>
      withCluster(command, async ({ slurm }) => {
        let nodes = await slurm.listNodes();
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
