import { countGpus } from './gres.js';
import type { SinfoLine } from './sinfo-format.js';
import type { ClusterView, Node, Partition, ResourceCounts } from './types.js';

/** Folds sinfo's node-partition lines into nodes (once each) and per-partition totals. */
export function buildClusterView(lines: readonly SinfoLine[]): ClusterView {
  const nodes = new Map<string, Node>();
  const partitions = new Map<string, Partition>();
  for (const { node, partition: facts } of lines) {
    const seen = nodes.get(node.name);
    if (seen) {
      for (const p of node.partitions) if (!seen.partitions.includes(p)) seen.partitions.push(p);
    } else {
      nodes.set(node.name, { ...node, partitions: [...node.partitions] });
    }
    if (!facts.name) continue;
    let part = partitions.get(facts.name);
    if (!part) {
      part = {
        ...facts,
        nodes: [],
        cpus: zero(),
        gpus: zero(),
        gpusByType: {},
      };
      partitions.set(facts.name, part);
    }
    if (part.nodes.includes(node.name)) continue;
    part.nodes.push(node.name);
    add(part.cpus, node.cpus);
    add(part.gpus, node.gpus);
    for (const [type, counts] of Object.entries(gpusByType(node))) {
      add((part.gpusByType[type] ??= zero()), counts);
    }
  }
  // By name: sinfo -N lists them in the order their nodes come, which changes between calls.
  const byName = [...partitions.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return { partitions: byName, nodes: [...nodes.values()] };
}

/** Per-type GPU counts of one node; untyped GPUs are counted under ''. */
export function gpusByType(node: Node): Record<string, ResourceCounts> {
  const out: Record<string, ResourceCounts> = {};
  const types = new Set(node.gres.filter((g) => g.name === 'gpu').map((g) => g.type ?? ''));
  for (const type of types) {
    const total = countGpus(node.gres.filter((g) => (g.type ?? '') === type));
    const used = countGpus(node.gresUsed.filter((g) => (g.type ?? '') === type));
    const allocated = Math.min(used, total);
    const free = total - allocated;
    out[type] = {
      allocated,
      idle: node.usable ? free : 0,
      other: node.usable ? 0 : free,
      total,
    };
  }
  return out;
}

function zero(): ResourceCounts {
  return { allocated: 0, idle: 0, other: 0, total: 0 };
}

function add(into: ResourceCounts, from: ResourceCounts): void {
  into.allocated += from.allocated;
  into.idle += from.idle;
  into.other += from.other;
  into.total += from.total;
}
