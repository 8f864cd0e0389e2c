import { SlurmdeckError } from '../../core/errors.js';
import { naturalOrder } from './hostlist-compress.js';
import { expandHostlist } from './hostlist-expand.js';
import type { InventoryNode } from './node-inventory.js';
import { matchesState, parseStateFilter } from './state-filter.js';

/** Which nodes an admin command works on: a hostlist, or all nodes, optionally by state. */
export interface TargetSpec {
  /** Slurm hostlist syntax: `n[1-3,7],gpu[01-04]`. */
  hostlist?: string;
  all?: boolean;
  /** `idle*,down`: only nodes in one of these states (of the hostlist, or of all nodes). */
  state?: string;
}

/**
 * How ssh reaches a node: at its Slurm NodeAddr, or by its NodeName (where NodeAddr is a
 * fabric address the admin host cannot reach, or known_hosts knows nodes by name).
 */
export type NodeReach = 'NodeAddr' | 'NodeName';

export interface Target {
  name: string;
  /** Where ssh goes: the node's NodeAddr, or its name when Slurm does not know it. */
  address: string;
  /** What Slurm says of the node; undefined when the name is not a node of the cluster. */
  slurm: InventoryNode | undefined;
}

/** Checks the spec before anything is asked of the cluster: a bad hostlist costs no command. */
export function checkTargetSpec(spec: TargetSpec): void {
  const given = [spec.hostlist !== undefined, spec.all === true].filter(Boolean).length;
  if (given > 1 || (given === 0 && spec.state === undefined)) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      given > 1 ? 'give either nodes or --all, not both' : 'no nodes given',
      { hint: "Name nodes in hostlist syntax (n[1-3]), or pass --all or --state 'idle*,down'." },
    );
  }
  if (spec.hostlist !== undefined) expandHostlist(spec.hostlist);
  if (spec.state !== undefined) parseStateFilter(spec.state);
}

/**
 * The targets, in the hostlist's order (or Slurm's by name for --all). A hostlist name Slurm
 * does not know stays a target (a host missing from slurm.conf is worth diagnosing), unless a
 * state filter is given: a node without a Slurm state cannot be in one.
 */
export function resolveTargets(
  spec: TargetSpec,
  inventory: readonly InventoryNode[],
  reachBy: NodeReach = 'NodeAddr',
): Target[] {
  checkTargetSpec(spec);
  const known = new Map(inventory.map((n) => [n.name, n]));
  const names =
    spec.hostlist === undefined
      ? inventory.map((n) => n.name).sort(naturalOrder)
      : expandHostlist(spec.hostlist);
  const words = spec.state === undefined ? undefined : parseStateFilter(spec.state);
  return names
    .map((name) => {
      const slurm = known.get(name);
      return { name, address: reachBy === 'NodeName' ? name : (slurm?.address ?? name), slurm };
    })
    .filter((t) => !words || (t.slurm !== undefined && matchesState(t.slurm, words)));
}
