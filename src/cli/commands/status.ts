import type { Command } from 'commander';
import { unhealthyNodes, type Partition } from '../../slurm/index.js';
import { withCluster } from '../context.js';
import { formatDuration, formatFree, printJson } from '../format.js';
import { renderTable } from '../table.js';
import { siteStorage, siteUsage, storageLines, usageLines } from '../../workspace/index.js';

function gpuTypes(partition: Partition): string {
  const types = Object.entries(partition.gpusByType);
  return types.length === 0
    ? '-'
    : types.map(([type, c]) => `${type} ${c.idle}/${c.total}`).join(', ');
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('partitions with free GPUs and CPUs, and nodes that need attention')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) =>
      withCluster(command, async (cluster, ws) => {
        const { name, slurm } = cluster;
        // At a site, also what squota shows: CPU/GPU hours against the accounts' limits, and
        // storage quota from the site's API for the user and the accounts sshare names.
        const site = command.optsWithGlobals<{ site?: string }>().site;
        const [version, view, usage] = await Promise.all([
          slurm.version(),
          slurm.clusterView(),
          site !== undefined ? siteUsage(cluster) : undefined,
        ]);
        const storage =
          site !== undefined && usage ? await siteStorage(ws, site, cluster, usage) : undefined;
        const unhealthy = unhealthyNodes(view.nodes);
        if (options.json) {
          return printJson({
            cluster: name,
            slurmVersion: version.raw,
            partitions: view.partitions,
            unhealthyNodes: unhealthy,
            ...(usage ? { usage } : {}),
            ...(storage ? { storage } : {}),
          });
        }
        console.log(`cluster ${name} (slurm ${version.raw})\n`);
        console.log(
          renderTable(view.partitions, [
            { header: 'PARTITION', value: (p) => `${p.name}${p.isDefault ? '*' : ''}` },
            { header: 'STATE', value: (p) => p.availability },
            { header: 'NODES', value: (p) => String(p.nodes.length), align: 'right' },
            { header: 'FREE CPUS', value: (p) => formatFree(p.cpus), align: 'right' },
            { header: 'FREE GPUS', value: (p) => formatFree(p.gpus), align: 'right' },
            { header: 'GPU TYPES (FREE)', value: gpuTypes, flexible: true },
            { header: 'MAX TIME', value: (p) => formatDuration(p.maxTimeSeconds) },
          ]),
        );
        console.log();
        if (usage)
          console.log(
            `${[...usageLines(usage), ...(storage ? storageLines(storage) : [])].join('\n')}\n`,
          );
        if (unhealthy.length === 0) return console.log('all nodes healthy');
        console.log(`${unhealthy.length} node(s) need attention:`);
        console.log(
          renderTable(unhealthy, [
            { header: 'NODE', value: (n) => n.name },
            { header: 'STATE', value: (n) => `${n.state}${n.responding ? '' : '*'}` },
            {
              header: 'REASON',
              value: (n) => n.reason ?? (n.responding ? '-' : 'not responding'),
              flexible: true,
            },
          ]),
        );
      }),
    );
}
