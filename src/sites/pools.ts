import { posix } from 'node:path';
import { SlurmdeckError } from '../core/errors.js';
import type { SiteProfile, StoragePool } from './profile-schema.js';

/** The pool a path lives on: the one with the longest mount point that contains it. */
export function poolOfPath(
  site: string,
  profile: SiteProfile,
  path: string,
): [name: string, pool: StoragePool] {
  const clean = absolute(path);
  let best: [string, StoragePool] | undefined;
  for (const [name, pool] of Object.entries(profile.storage)) {
    if (!within(clean, pool.mount)) continue;
    if (!best || pool.mount.length > best[1].mount.length) best = [name, pool];
  }
  if (!best) {
    const mounts = Object.values(profile.storage).map((p) => p.mount);
    throw new SlurmdeckError('INVALID_ARGUMENT', `${clean} is on no storage pool of site ${site}`, {
      hint: mounts.length
        ? `Pools are mounted at ${mounts.join(', ')}.`
        : 'The profile names no storage.',
    });
  }
  return best;
}

/**
 * The same place on another pool: `/lustre/home/acct-hpc/u` -> `/archive/home/acct-hpc/u`.
 * Pools of a site keep the same layout below their mount points.
 */
export function mapPath(site: string, profile: SiteProfile, path: string, toPool: string): string {
  const [, from] = poolOfPath(site, profile, path);
  const to = profile.storage[toPool];
  if (!to) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `site ${site} has no storage pool "${toPool}"`, {
      hint: `Pools: ${Object.keys(profile.storage).join(', ')}.`,
    });
  }
  const rest = absolute(path).slice(from.mount.length);
  return posix.join(to.mount, rest || '/').replace(/(.)\/$/, '$1');
}

function absolute(path: string): string {
  if (!path.startsWith('/')) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `"${path}" is not an absolute path`, {
      hint: 'Give the full path as the cluster sees it, e.g. /lustre/home/acct/user/data.',
    });
  }
  return posix.normalize(path).replace(/(.)\/$/, '$1');
}

function within(path: string, mount: string): boolean {
  return mount === '/' || path === mount || path.startsWith(`${mount}/`);
}
