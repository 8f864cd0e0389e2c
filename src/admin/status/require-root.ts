import { SlurmdeckError } from '../../core/errors.js';
import { numberFact, type Facts } from './facts-frame.js';

/**
 * The status scripts read what only root may (munge keys, other users' /proc entries): run as
 * anyone else they would report daemons stopped and keys insecure that are neither. Refused.
 */
export function requireRoot(facts: Facts, host: string): void {
  const uid = numberFact(facts, 'uid');
  if (uid === undefined || uid === 0) return;
  throw new SlurmdeckError(
    'NOT_PERMITTED',
    `the admin user on ${host} is not root (uid ${uid}): its daemons and keys cannot be read`,
    {
      hint: "Set the cluster's admin.controller.user and admin.nodes.user to root (with a key root accepts): slurmdeck administers nodes as root and runs no sudo.",
    },
  );
}
