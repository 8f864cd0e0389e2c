import { cleanStrings } from '../../slurm/clean-strings.js';
import { parseNodeState } from '../../slurm/node-state.js';
import { FIELD_SEP, splitRecords, text } from '../../slurm/records.js';
import { runSlurm, type RunContext, type RunOptions } from '../../slurm/run.js';
import type { NodeState } from '../../slurm/types.js';

/** What the admin commands need to know of every node, from one sinfo call. */
export interface InventoryNode {
  name: string;
  /** Where slurmctld reaches the node (NodeAddr): where the admin's ssh goes too. */
  address: string;
  state: NodeState;
  /** As sinfo prints it: `idle*`, `drained`, `down*`. */
  stateRaw: string;
  /** From the complete state: DRAIN, NOT_RESPONDING, REBOOT_REQUESTED... */
  flags: string[];
  responding: boolean;
  reason: string | undefined;
  /** slurmd's version as the node registered it. */
  version: string | undefined;
}

const FIELDS = ['NodeList', 'NodeAddr', 'StateLong', 'StateComplete', 'Version', 'Reason'];

/** `-a`: hidden partitions too; `-N`: one line per node and partition (merged below). */
export function inventoryArgv(): string[] {
  const format = FIELDS.map((f, i) => `${f}:0${i < FIELDS.length - 1 ? FIELD_SEP : ''}`).join(',');
  return ['sinfo', '-a', '-h', '-N', '-O', format];
}

export function parseInventory(stdout: string): InventoryNode[] {
  const nodes = new Map<string, InventoryNode>();
  for (const [name = '', address = '', long = '', complete = '', version, reason] of splitRecords(
    stdout,
    FIELDS.length,
  )) {
    const key = name.trim();
    if (key === '' || nodes.has(key)) continue;
    const state = parseNodeState(long, complete);
    nodes.set(key, {
      name: key,
      address: text(address) ?? key,
      state: state.state,
      stateRaw: long.trim(),
      flags: state.flags,
      responding: state.responding,
      reason: text(reason),
      version: text(version),
    });
  }
  return [...nodes.values()];
}

/** Every node Slurm knows, in one sinfo call; text from the cluster cleaned once, here. */
export async function nodeInventory(
  ctx: RunContext,
  options: RunOptions = {},
): Promise<InventoryNode[]> {
  const { stdout } = await runSlurm(ctx, inventoryArgv(), options);
  return cleanStrings(parseInventory(stdout));
}
