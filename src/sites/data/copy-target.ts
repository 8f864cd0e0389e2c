import type { Config } from '../../core/config.js';
import { SlurmdeckError } from '../../core/errors.js';
import { formatBytes } from '../../core/format.js';
import type { Transport } from '../../transport/index.js';
import { mapPath } from '../pools.js';
import { relayedTarget, type CopyRelay } from '../copy-relay.js';
import { siteCopyClusterFor, siteGroupFor } from '../site-clusters.js';
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
 * `to: cold` measures the cold pools' free space on that host and takes the roomiest. A data
 * node that runs no shell gets the copy relayed: rsync runs on its group's job node and the
 * target is `DATANODE:PATH`, so the data node writes it (see copy-relay.ts).
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
    if (!site) return { cluster: world.clusterName(), target };
    const where = siteCopyClusterFor(
      world.config(),
      site,
      target.startsWith('/') ? target : source,
    );
    return relayed(where, target);
  }
  if (!site) {
    throw new SlurmdeckError('INVALID_ARGUMENT', '--to needs a site that names its pools', {
      hint: 'Pass --site NAME, or give DST.',
    });
  }
  const where = siteCopyClusterFor(world.config(), site, source);
  const { profile } = siteGroupFor(world.config(), site, {});
  if (to !== 'cold') return relayed(where, mapPath(site, profile, source, to as string));
  // The relaying host mounts the cold pools too (read-only): df there sees the same room.
  const roomiest = await roomiestColdPool(world.transportOf(where.cluster), profile);
  const free = Object.entries(roomiest.all)
    .map(([pool, bytes]) => `${pool} ${formatBytes(bytes)} free`)
    .join(', ');
  return relayed(
    where,
    mapPath(site, profile, source, roomiest.pool),
    `cold pool ${roomiest.pool} has the most room (${free})`,
  );
}

function relayed(
  where: { cluster: string; relay?: CopyRelay },
  target: string,
  why?: string,
): { cluster: string; target: string; why?: string } {
  const { relay } = where;
  const reasons = [
    why,
    relay &&
      `${relay.writer} runs no shell: rsync runs in tmux on ${relay.runsOn} and ${relay.writer} writes the target`,
  ].filter(Boolean);
  return {
    cluster: where.cluster,
    target: relay ? relayedTarget(relay, target) : target,
    ...(reasons.length ? { why: reasons.join('; ') } : {}),
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
