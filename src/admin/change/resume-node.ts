import { updateNodes } from '../../slurm/update-nodes.js';
import type { AdminAccess } from '../access/admin-access.js';
import { resumeVerdict } from '../recover/resume-policy.js';
import { nodeInventory } from '../targets/node-inventory.js';

/**
 * Resumes the node if the rule still allows it now, at the last moment: Slurm's state is read
 * again, so a drain an admin set while slurmdeck restarted daemons (or waited for a yes) is
 * left alone. Returns what was done, in words.
 */
export async function resumeIfStillAllowed(
  access: AdminAccess,
  node: string,
  force: boolean,
  signal?: AbortSignal,
): Promise<string> {
  const ctx = { transport: access.controller(), timeoutMs: 20_000 };
  const run = signal ? { signal } : {};
  const now = (await nodeInventory(ctx, run)).find((n) => n.name === node);
  if (!now) return 'resume skipped: Slurm no longer knows the node';
  const verdict = resumeVerdict(now, force);
  if (verdict.inService) return 'back in service by itself';
  if (!verdict.resume) return `resume skipped: ${verdict.why}`;
  await updateNodes(ctx, [node], { state: 'RESUME' }, run);
  return 'resumed';
}

/** DOWN, DRAIN or FAIL in scontrol's State: still out of service (a resume did not take). */
export const outOfService = (state: string) => /DOWN|DRAIN|FAIL/.test(state);
