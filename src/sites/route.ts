import { SlurmdeckError } from '../core/errors.js';
import type { Capability, SiteProfile, StoragePool, WorkKind } from './profile-schema.js';
import { canDo, copyRelayFor, relayReason, type CopyRelay } from './copy-relay.js';
import { poolOfPath } from './pools.js';

/** What an operation touches, which decides where it runs. */
export type RouteTarget = { partition: string } | { path: string } | { storage: string };

export interface RouteRequest {
  target: RouteTarget;
  /** Kind of work; a partition means `job` unless told, a path or pool means `data`. */
  for?: WorkKind;
  /** What the operation needs the host to allow (e.g. rsync for a copy). */
  need?: Capability;
  /** Preferred node group when a pool is seen by several (e.g. the user's home group). */
  group?: string;
}

export interface Route {
  host: string;
  group: string;
  kind: WorkKind;
  pool?: string;
  /** Whether the chosen host may write the pool (cold pools: data nodes only). */
  writable?: boolean;
  /** Why this host, one reason a line, for `site route` to show. */
  reasons: string[];
  /** Data work on a node that runs no shell: where a copy runs instead (see copy-relay.ts). */
  copyRelay?: CopyRelay;
}

export { canDo };

/** Picks the entry node for an operation from what it touches; throws with the fix if none fits. */
export function routeFor(site: string, profile: SiteProfile, request: RouteRequest): Route {
  const { target } = request;
  if ('partition' in target) return routeForPartition(site, profile, target.partition, request);
  const [poolName, pool] =
    'path' in target
      ? poolOfPath(site, profile, target.path)
      : [target.storage, namedPool(site, profile, target.storage)];
  const kind = request.for ?? 'data';
  const groups = groupsSeeing(profile, pool);
  const group =
    (request.group && groups.includes(request.group) ? request.group : undefined) ??
    groups.find((g) => profile.groups[g]?.home === poolName) ??
    (groups[0] as string);
  const reasons = [
    'path' in target ? `${target.path} is on pool ${poolName} (${pool.mount}, ${pool.tier})` : '',
    pool.groups.length
      ? `pool ${poolName} is mounted by group${groups.length > 1 ? 's' : ''} ${groups.join(', ')}`
      : `pool ${poolName} is mounted by every group`,
  ].filter(Boolean);
  const route = pickHost(site, profile, groups, group, kind, request.need, reasons);
  // A group without a data node sends data work to its job node, which has such pools read-only.
  const writable =
    pool.writableFrom === 'any' || (kind === 'data' && isDataNode(profile, route.host));
  if (!writable) {
    reasons.push(
      `pool ${poolName} is read-only on ${kind === 'data' ? route.host : `${kind} nodes`}: write it from a data node`,
    );
  }
  const relay = kind === 'data' ? copyRelayFor(profile, route.group, route.host) : undefined;
  if (relay) reasons.push(relayReason(relay, route.group));
  return { ...route, pool: poolName, writable, ...(relay ? { copyRelay: relay } : {}) };
}

const isDataNode = (profile: SiteProfile, host: string) =>
  Object.values(profile.groups).some((g) => g.entry.data === host && g.entry.job !== host);

function routeForPartition(
  site: string,
  profile: SiteProfile,
  partition: string,
  request: RouteRequest,
): Route {
  const group = Object.keys(profile.groups).find((g) =>
    profile.groups[g]?.partitions.includes(partition),
  );
  if (!group) {
    const known = Object.entries(profile.groups)
      .map(([g, v]) => `${g}: ${v.partitions.join(', ')}`)
      .join('; ');
    throw new SlurmdeckError('INVALID_ARGUMENT', `site ${site} has no partition "${partition}"`, {
      hint: `Partitions by group: ${known}.`,
    });
  }
  const kind = request.for ?? 'job';
  const reasons = [`partition ${partition} belongs to group ${group}`];
  return pickHost(site, profile, [group], group, kind, request.need, reasons);
}

function pickHost(
  site: string,
  profile: SiteProfile,
  groups: string[],
  preferred: string,
  kind: WorkKind,
  need: Capability | undefined,
  reasons: string[],
): Route {
  const entryOf = (g: string) => {
    const entry = profile.groups[g]?.entry;
    return (kind === 'data' ? entry?.data : undefined) ?? (entry?.job as string);
  };
  const allows = (host: string) => !need || canDo(profile, host, need);
  const first = entryOf(preferred);
  if (allows(first)) {
    reasons.push(`${kind} work for group ${preferred} goes through ${first}`);
    return { host: first, group: preferred, kind, reasons };
  }
  const other = groups.find((g) => g !== preferred && allows(entryOf(g)));
  if (other) {
    const host = entryOf(other);
    reasons.push(`${first} does not allow ${need}; ${host} (group ${other}) does`);
    return { host, group: other, kind, reasons };
  }
  throw new SlurmdeckError(
    'INVALID_ARGUMENT',
    `no ${kind} node of site ${site} allows ${need} here`,
    {
      hint: `${first} refuses ${need}; change the site profile's hosts.${first}.capabilities if that is wrong.`,
    },
  );
}

function namedPool(site: string, profile: SiteProfile, name: string): StoragePool {
  const pool = profile.storage[name];
  if (!pool) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `site ${site} has no storage pool "${name}"`, {
      hint: `Pools: ${Object.keys(profile.storage).join(', ') || '(none)'}.`,
    });
  }
  return pool;
}

/** Groups whose hosts see a pool: the listed ones, or every group when none is listed. */
function groupsSeeing(profile: SiteProfile, pool: StoragePool): string[] {
  return pool.groups.length ? pool.groups : Object.keys(profile.groups);
}

/**
 * The one thing an operation touches, from the optional fields of any face's input; `spell`
 * names them as that face does (`--partition` on the CLI).
 */
export function routeTargetOf(
  given: { partition?: string; path?: string; storage?: string },
  spell: (field: string) => string = (field) => field,
): RouteTarget {
  const targets: RouteTarget[] = [];
  if (given.partition !== undefined) targets.push({ partition: given.partition });
  if (given.path !== undefined) targets.push({ path: given.path });
  if (given.storage !== undefined) targets.push({ storage: given.storage });
  if (targets.length !== 1) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'say what the operation touches, once', {
      hint: `Pass exactly one of ${spell('partition')}, ${spell('path')} or ${spell('storage')}.`,
    });
  }
  return targets[0] as RouteTarget;
}
