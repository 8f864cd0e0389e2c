import { SlurmdeckError } from '../core/errors.js';
import { runSlurm, type RunContext, type RunOptions } from './run.js';
import { assertName, assertText } from './validate.js';

/** What `scontrol update NodeName=...` is asked to do: drain (with a reason) or resume. */
export type NodeUpdate = { state: 'DRAIN'; reason: string } | { state: 'RESUME' };

/** Longest reason accepted: Slurm keeps it in every node record and prints it in sinfo. */
export const MAX_REASON_LENGTH = 200;

/** One argv for all nodes: Slurm applies it per node, one RPC to the controller. */
export function updateNodesArgv(nodes: readonly string[], update: NodeUpdate): string[] {
  if (nodes.length === 0) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'no nodes to update', {
      hint: 'Name at least one node.',
    });
  }
  const names = nodes.map((n) => assertName('node name', n)).join(',');
  const argv = ['scontrol', 'update', `NodeName=${names}`, `State=${update.state}`];
  if (update.state === 'DRAIN') {
    argv.push(`Reason=${assertText('reason', update.reason, MAX_REASON_LENGTH)}`);
  }
  return argv;
}

/** Drains or resumes nodes; a refusal by slurmctld (not an operator, unknown node) throws. */
export async function updateNodes(
  ctx: RunContext,
  nodes: readonly string[],
  update: NodeUpdate,
  options: RunOptions = {},
): Promise<void> {
  await runSlurm(ctx, updateNodesArgv(nodes, update), options);
}
