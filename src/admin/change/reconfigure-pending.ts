import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';

/**
 * On the controller, while a sync-conf has written (or may have written) config files that
 * slurmctld and slurmd have not been told to read: set before the first write, cleared only
 * after `scontrol reconfigure` succeeded. A run killed in between leaves it, so the next run
 * reconfigures even when every file is already right.
 */
export const PENDING_FILE = '/var/lib/slurmdeck/sync-conf-reconfigure-pending';

const opts = (signal?: AbortSignal) => ({ timeoutMs: 20_000, ...(signal ? { signal } : {}) });

export async function reconfigurePending(
  access: AdminAccess,
  signal?: AbortSignal,
): Promise<boolean> {
  const result = await access.controller().exec(['test', '-e', PENDING_FILE], opts(signal));
  return result.exitCode === 0;
}

/** Written and flushed before any file changes: a crash right after still leaves it. */
export async function markReconfigurePending(
  access: AdminAccess,
  signal?: AbortSignal,
): Promise<void> {
  const script =
    'mkdir -p -- "${1%/*}" && date -u +%FT%TZ > "$1" && { sync -- "$1" 2>/dev/null || sync; }';
  const result = await access
    .controller()
    .exec(['sh', '-c', script, 'sh', PENDING_FILE], opts(signal));
  if (result.exitCode !== 0) {
    throw new SlurmdeckError(
      'SLURM_REJECTED',
      `cannot write ${PENDING_FILE} on the controller: ${result.stderr.trim().slice(0, 200)}`,
      {
        hint: 'Nothing was changed. The admin access to the controller must be able to write there.',
      },
    );
  }
}

export async function clearReconfigurePending(
  access: AdminAccess,
  signal?: AbortSignal,
): Promise<void> {
  await access.controller().exec(['rm', '-f', '--', PENDING_FILE], opts(signal));
}
