import { SlurmdeckError } from '../../core/errors.js';
import type { Transport } from '../../transport/index.js';
import type { SiteProfile } from '../profile-schema.js';

/** Free bytes per path from `df -P -B1 PATH...` (rows in the order of the paths asked). */
export function parseDf(stdout: string, paths: readonly string[]): Map<string, number> {
  const rows = stdout.trim().split('\n').slice(1);
  const free = new Map<string, number>();
  rows.forEach((row, i) => {
    const available = Number(row.trim().split(/\s+/)[3]);
    const path = paths[i];
    if (path !== undefined && Number.isFinite(available)) free.set(path, available);
  });
  return free;
}

/** The cold pools a write may go to: real ones, not a merged view of them. */
export function writableColdPools(profile: SiteProfile): string[] {
  return Object.entries(profile.storage)
    .filter(([, p]) => p.tier === 'cold' && !p.merges)
    .map(([name]) => name);
}

/**
 * The cold pool with the most free space, measured with `df` on the host that will write it
 * (one command for all pools); pools the host cannot see are left out.
 */
export async function roomiestColdPool(
  transport: Transport,
  profile: SiteProfile,
): Promise<{ pool: string; free: number; all: Record<string, number> }> {
  const pools = writableColdPools(profile);
  if (pools.length === 0) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'the site has no cold storage pool', {
      hint: 'Name the target pool or path yourself.',
    });
  }
  const mounts = pools.map((p) => profile.storage[p]?.mount as string);
  const result = await transport.exec(['df', '-P', '-B1', ...mounts], { timeoutMs: 30_000 });
  // df prints what it can and exits 1 for a missing mount: read the rows of the ones it found.
  const seen = new Set(
    result.stderr.split('\n').flatMap((l) => mounts.filter((m) => l.includes(`${m}:`))),
  );
  const present = mounts.filter((m) => !seen.has(m));
  const free = parseDf(result.stdout, present);
  const all: Record<string, number> = {};
  pools.forEach((p, i) => {
    const bytes = free.get(mounts[i] as string);
    if (bytes !== undefined) all[p] = bytes;
  });
  const best = Object.entries(all).sort((a, b) => b[1] - a[1])[0];
  if (!best) {
    throw new SlurmdeckError(
      'SLURM_UNAVAILABLE',
      `no cold pool is mounted on ${transport.target}`,
      {
        hint: `Expected ${mounts.join(', ')} there: check the site profile, or route the copy to a data node.`,
      },
    );
  }
  return { pool: best[0], free: best[1], all };
}
