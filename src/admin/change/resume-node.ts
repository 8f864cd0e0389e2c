import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';

/** DOWN, DRAIN or FAIL in scontrol's State: out of service. */
export const outOfService = (state: string) => /DOWN|DRAIN|FAIL/.test(state);

/** `scontrol update nodename=NODE state=resume` on the controller, as the admin. */
export async function resumeNode(
  access: AdminAccess,
  node: string,
  signal?: AbortSignal,
): Promise<void> {
  const result = await access
    .controller()
    .exec(['scontrol', 'update', `nodename=${node}`, 'state=resume'], {
      timeoutMs: 20_000,
      ...(signal ? { signal } : {}),
    });
  if (result.exitCode !== 0) {
    throw new SlurmdeckError('SLURM_REJECTED', `scontrol resume ${node}: ${result.stderr.trim()}`);
  }
}
