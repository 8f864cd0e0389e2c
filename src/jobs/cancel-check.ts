import { userInfo } from 'node:os';
import type { ClusterConfig } from '../core/config.js';
import { SlurmdeckError } from '../core/errors.js';
import type { Job } from '../slurm/index.js';
import type { Transport } from '../transport/index.js';

/** Whose jobs slurmdeck may cancel: the user it acts as on the cluster. */
export async function clusterUser(cluster: ClusterConfig, transport: Transport): Promise<string> {
  if (cluster.transport === 'local') return userInfo().username;
  if (cluster.user) return cluster.user;
  return (await transport.exec(['id', '-un'])).stdout.trim();
}

/** Every id must be a queued or running job of ours, or nothing is cancelled. */
export function checkCancellable(
  ids: readonly string[],
  jobs: readonly Job[],
  user: string,
): Job[] {
  // scancel of an array id ends every task of it, running ones too: all of them are shown.
  const partsOf = (id: string) =>
    jobs.filter((job) => job.id === id || job.jobId === id || job.arrayJobId === id);
  const found = ids.map((id) => (partsOf(id).length > 0 ? partsOf(id) : undefined));
  const missing = ids.filter((_, i) => !found[i]);
  if (missing.length > 0) {
    throw new SlurmdeckError(
      'JOB_NOT_FOUND',
      `not in the queue: ${missing.join(', ')}; nothing was cancelled`,
      {
        hint: 'A finished job cannot be cancelled; `slurmdeck job ID` shows how it ended.',
      },
    );
  }
  const targets = (found as Job[][]).flat();
  const others = targets.filter((job) => job.user !== user);
  if (others.length > 0) {
    const owners = others.map((job) => `${job.id} (${job.user})`).join(', ');
    throw new SlurmdeckError('NOT_PERMITTED', `not your job: ${owners}; nothing was cancelled`, {
      hint: 'slurmdeck cancels only your own jobs; ask the owner or an admin.',
    });
  }
  return targets;
}
