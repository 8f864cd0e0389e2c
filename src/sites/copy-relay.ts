import type { Capability, SiteProfile } from './profile-schema.js';

/**
 * How a data copy reaches a data node that runs no shell (some sites' transfer nodes allow
 * rsync and nothing else): rsync runs inside tmux on the group's job node and talks to the data
 * node over ssh, so rsync's server there does the writing (cold pools are read-only elsewhere).
 */
export interface CopyRelay {
  /** The host whose tmux holds the copy. */
  runsOn: string;
  /** The data node rsync's server runs on: the target becomes `writer:PATH`. */
  writer: string;
}

/** A copy on `host` must be relayed when it cannot start tmux and sh there but accepts rsync. */
export function copyRelayFor(
  profile: SiteProfile,
  group: string,
  host: string,
): CopyRelay | undefined {
  const runsHere = canDo(profile, host, 'exec') && canDo(profile, host, 'tmux');
  if (runsHere || !canDo(profile, host, 'rsync')) return undefined;
  const job = profile.groups[group]?.entry.job;
  if (!job || job === host) return undefined;
  const jobCan = (['exec', 'tmux', 'rsync'] as const).every((c) => canDo(profile, job, c));
  return jobCan ? { runsOn: job, writer: host } : undefined;
}

/** The line `site route` shows for it. */
export const relayReason = (relay: CopyRelay, group: string) =>
  `${relay.writer} runs no shell: a data copy runs inside tmux on ${relay.runsOn} (job node of group ${group}) as \`rsync SRC ${relay.writer}:DST\`, so rsync's server on ${relay.writer} does the writing`;

/** The target as rsync on the relaying host names it. */
export const relayedTarget = (relay: CopyRelay, target: string) => `${relay.writer}:${target}`;

/** Whether a host lets us do this over SSH (a host the profile does not list allows all). */
export function canDo(profile: SiteProfile, host: string, capability: Capability): boolean {
  const listed = profile.hosts[host]?.capabilities;
  return listed === undefined || listed.includes(capability);
}
