import type { Config } from '../../core/config.js';
import { SlurmdeckError } from '../../core/errors.js';
import { formatBytes } from '../../core/format.js';
import type { Transport } from '../../transport/index.js';
import { mapPath } from '../pools.js';
import { siteDataClusterFor, siteGroupFor } from '../site-clusters.js';
import { roomiestColdPool } from './free-space.js';

/** What a face hands in: the config, the default cluster, and a transport per cluster. */
export interface CopyWorld {
  config: () => Config;
  clusterName: () => string;
  transportOf: (cluster: string) => Transport;
}

export interface CopyAsk {
  site?: string;
  source: string;
  target?: string;
  /** A pool of the site, or "cold" for the cold pool with the most free space. */
  to?: string;
}

/**
 * Where a copy goes and which host runs it. With a site the data node is chosen by the paths;
 * `to: cold` measures the cold pools' free space on that host and takes the roomiest.
 */
export async function copyTarget(
  world: CopyWorld,
  ask: CopyAsk,
): Promise<{ cluster: string; target: string; why?: string }> {
  const { site, source, target, to } = ask;
  if ((target === undefined) === (to === undefined)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'say where the copy goes, once', {
      hint: 'Give DST, or --to POOL (with --site) to keep the same path on another pool.',
    });
  }
  if (target !== undefined) {
    const cluster = site
      ? siteDataClusterFor(world.config(), site, target.startsWith('/') ? target : source, 'rsync')
      : world.clusterName();
    return { cluster, target };
  }
  if (!site) {
    throw new SlurmdeckError('INVALID_ARGUMENT', '--to needs a site that names its pools', {
      hint: 'Pass --site NAME, or give DST.',
    });
  }
  const cluster = siteDataClusterFor(world.config(), site, source, 'rsync');
  const { profile } = siteGroupFor(world.config(), site, {});
  if (to !== 'cold') return { cluster, target: mapPath(site, profile, source, to as string) };
  const roomiest = await roomiestColdPool(world.transportOf(cluster), profile);
  const free = Object.entries(roomiest.all)
    .map(([pool, bytes]) => `${pool} ${formatBytes(bytes)} free`)
    .join(', ');
  return {
    cluster,
    target: mapPath(site, profile, source, roomiest.pool),
    why: `cold pool ${roomiest.pool} has the most room (${free})`,
  };
}

/** What a copy will do, as every face asks it first. */
export function copySummary(
  source: string,
  where: { cluster: string; target: string; why?: string },
  parallel = 1,
): string {
  const streams = parallel > 1 ? ` in ${parallel} streams` : '';
  return `Copy ${source} to ${where.target} with rsync${streams} on cluster ${where.cluster}${where.why ? ` (${where.why})` : ''}: files there that differ are overwritten.`;
}
