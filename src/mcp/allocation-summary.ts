import type { Allocation } from '../slurm/index.js';

/**
 * What a job or session will hold, and so bill, in one line a person can check before saying
 * yes: partition, GPUs, CPUs, nodes, memory, time limit. What is not asked for is said too.
 */
export function allocationText(a: Allocation): string {
  const parts = [
    `partition ${a.partition ?? "(the cluster's default)"}`,
    gpusText(a),
    `${a.nodes ?? '1'} node(s)`,
    `${a.ntasks ?? '1'} task(s) x ${a.cpusPerTask ?? '1'} CPU(s)`,
    `memory ${a.mem ?? "(the partition's default)"}`,
    `time limit ${a.time ?? "(the partition's default)"}`,
  ];
  if (a.account) parts.push(`account ${a.account}`);
  if (a.qos) parts.push(`QOS ${a.qos}`);
  if (a.array) parts.push(`job array ${a.array} (each task gets all of the above)`);
  return parts.join(', ');
}

function gpusText(a: Allocation): string {
  const asked = [
    a.gpus && `${a.gpus} in all`,
    a.gpusPerNode && `${a.gpusPerNode} per node`,
    a.gpusPerTask && `${a.gpusPerTask} per task`,
    a.gres && `gres ${a.gres} per node`,
  ].filter(Boolean);
  return asked.length ? `GPUs: ${asked.join(', ')}` : 'no GPUs';
}
