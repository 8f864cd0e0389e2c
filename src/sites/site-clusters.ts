import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { ClusterConfig, Config, SiteAccount } from '../core/config.js';
import { SlurmdeckError } from '../core/errors.js';
import { credentialsRoot } from './credential-files.js';
import type { CopyRelay } from './copy-relay.js';
import type { Capability, SiteProfile } from './profile-schema.js';
import { loadSiteProfiles, type LoadedProfile } from './profiles.js';
import { routeFor } from './route.js';

/** A site's node group as a cluster: `sjtu-sy` is Siyuan-1 through sylogin. */
export const siteClusterName = (site: string, group: string) => `${site}-${group}`;
/** The group's data node, where it has one of its own. */
export const siteDataClusterName = (site: string, group: string) => `${site}-${group}-data`;

type Profiles = () => Map<string, LoadedProfile>;

/**
 * One cluster per node group of each configured site account, as `make` builds it from the
 * account (its stored key first, its own settings over it) and the group's entry nodes.
 */
function perGroup(
  sites: Config['sites'],
  profiles: Profiles,
  credentials: string,
  make: (
    site: string,
    group: string,
    entry: { job: string; data?: string | undefined },
    cluster: (host: string) => ClusterConfig,
  ) => [string, ClusterConfig] | undefined,
): Record<string, ClusterConfig> {
  const names = Object.keys(sites);
  if (names.length === 0) return {};
  const all = profiles();
  const out: Record<string, ClusterConfig> = {};
  for (const site of names) {
    const account = { ...storedKey(join(credentials, site)), ...(sites[site] as SiteAccount) };
    const profile = profileOf(site, account, all);
    for (const [group, g] of Object.entries(profile.groups)) {
      const made = make(site, group, g.entry, (host) => clusterOf(account, profile, host));
      if (made) out[made[0]] = made[1];
    }
  }
  return out;
}

/**
 * The clusters the configured site accounts open, one per node group, each reached through its
 * group's job entry node with the account's own SSH settings and the site's srun flags.
 */
export function siteClusters(
  sites: Config['sites'],
  profiles: Profiles = loadSiteProfiles,
  credentials = credentialsRoot(),
): Record<string, ClusterConfig> {
  return perGroup(sites, profiles, credentials, (site, group, entry, cluster) => [
    siteClusterName(site, group),
    cluster(entry.job),
  ]);
}

/**
 * The data nodes of the configured site accounts as clusters (`sjtu-pi-data`), for data work
 * routed there (copies, ls, du). Kept apart from the node groups' clusters: a data node runs no
 * Slurm, so nothing lists it, polls it or runs the site's Slurm setup on it.
 */
export function siteDataClusters(
  sites: Config['sites'],
  profiles: Profiles = loadSiteProfiles,
  credentials = credentialsRoot(),
): Record<string, ClusterConfig> {
  return perGroup(sites, profiles, credentials, (site, group, entry, cluster) => {
    if (!entry.data || entry.data === entry.job) return undefined;
    const { setup: _setup, ...config } = cluster(entry.data);
    return [siteDataClusterName(site, group), config];
  });
}

/** The cluster a command at a site goes to: its partition's group, else the account's group. */
export function siteClusterFor(
  config: Config,
  site: string,
  work: { partition?: string },
  profiles: Profiles = loadSiteProfiles,
): string {
  const account = config.sites[site];
  if (!account) {
    throw new SlurmdeckError('CLUSTER_UNKNOWN', `no account at site "${site}" is configured`, {
      hint: `Add it under sites: in the config, e.g. "sites: { ${site}: { user: NAME } }" (profiles: \`slurmdeck site list\`).`,
    });
  }
  const profile = profileOf(site, account, profiles());
  const group = work.partition
    ? routeFor(site, profile, { target: { partition: work.partition } }).group
    : (account.group ?? (Object.keys(profile.groups)[0] as string));
  if (!profile.groups[group]) {
    throw new SlurmdeckError('CONFIG_INVALID', `site ${site} has no node group "${group}"`, {
      hint: `Groups: ${Object.keys(profile.groups).join(', ')}.`,
    });
  }
  return siteClusterName(site, group);
}

/**
 * The cluster (host) a data operation on `path` goes to: the data node of a group that sees the
 * path's pool and allows `need` (rsync for copies).
 */
export function siteDataClusterFor(
  config: Config,
  site: string,
  path: string,
  need: Capability,
  profiles: Profiles = loadSiteProfiles,
): string {
  const account = config.sites[site];
  if (!account) return siteClusterFor(config, site, {}, profiles);
  const profile = profileOf(site, account, profiles());
  const route = routeFor(site, profile, {
    target: { path },
    for: 'data',
    need,
    ...(account.group ? { group: account.group } : {}),
  });
  const entry = profile.groups[route.group]?.entry;
  return entry?.data && entry.data !== entry.job
    ? siteDataClusterName(site, route.group)
    : siteClusterName(site, route.group);
}

/**
 * Where a data copy touching `path` runs: on the data node when it runs a shell, else inside
 * tmux on its group's job node with `relay` naming the data node rsync writes through.
 */
export function siteCopyClusterFor(
  config: Config,
  site: string,
  path: string,
  profiles: Profiles = loadSiteProfiles,
): { cluster: string; relay?: CopyRelay } {
  const account = config.sites[site];
  if (!account) return { cluster: siteClusterFor(config, site, {}, profiles) };
  const profile = profileOf(site, account, profiles());
  const routeVia = (group?: string) =>
    routeFor(site, profile, {
      target: { path },
      for: 'data',
      need: 'rsync',
      ...(group ? { group } : {}),
    });
  const first = routeVia(account.group);
  // The account's group may write the pool from no host (no data node): another group's does.
  const route = first.writable
    ? first
    : (Object.keys(profile.groups)
        .map((g) => routeVia(g))
        .find((r) => r.writable) ?? first);
  if (route.copyRelay) {
    return { cluster: siteClusterName(site, route.group), relay: route.copyRelay };
  }
  const entry = profile.groups[route.group]?.entry;
  return {
    cluster:
      entry?.data && entry.data !== entry.job
        ? siteDataClusterName(site, route.group)
        : siteClusterName(site, route.group),
  };
}

/** The group and profile a command at a site works with (by its partition, else the account's). */
export function siteGroupFor(
  config: Config,
  site: string,
  work: { partition?: string },
  profiles: Profiles = loadSiteProfiles,
): { group: string; profile: SiteProfile } {
  const name = siteClusterFor(config, site, work, profiles);
  const profile = profileOf(site, config.sites[site] as SiteAccount, profiles());
  return { group: name.slice(site.length + 1), profile };
}

function profileOf(
  site: string,
  account: SiteAccount,
  all: Map<string, LoadedProfile>,
): SiteProfile {
  const wanted = account.profile ?? site;
  const found = all.get(wanted);
  if (!found) {
    throw new SlurmdeckError('CONFIG_INVALID', `sites.${site}: no site profile named "${wanted}"`, {
      hint: `Known profiles: ${[...all.keys()].join(', ')}; set sites.${site}.profile to one of them.`,
    });
  }
  return found.profile;
}

/** A key (and its certificate) kept in the site's credentials folder, used unless others are named. */
function storedKey(dir: string): Pick<SiteAccount, 'identityFile' | 'certificateFile'> {
  const key = join(dir, 'id_ed25519');
  if (!existsSync(key)) return {};
  const cert = `${key}-cert.pub`;
  return { identityFile: key, ...(existsSync(cert) ? { certificateFile: cert } : {}) };
}

function clusterOf(account: SiteAccount, profile: SiteProfile, host: string): ClusterConfig {
  const user = account.user ?? profile.ssh.user;
  const remoteUser = user ?? userInfo().username;
  const srunDefaults = profile.defaults.srun.map((flag) => flag.replaceAll('{user}', remoteUser));
  return {
    transport: 'ssh',
    host,
    ...(user ? { user } : {}),
    ...(account.identityFile ? { identityFile: account.identityFile } : {}),
    ...(account.certificateFile ? { certificateFile: account.certificateFile } : {}),
    ...(account.knownHostsFile ? { knownHostsFile: account.knownHostsFile } : {}),
    ...(account.jumpHost ? { jumpHost: account.jumpHost } : {}),
    ...(profile.slurmSetup ? { setup: profile.slurmSetup } : {}),
    ...(profile.reachability
      ? {
          unreachableHint: profile.reachability.hint,
          reachability: { host: profile.reachability.host, port: profile.reachability.port },
        }
      : {}),
    defaults: account.defaults,
    sessions: {
      ...account.sessions,
      srunDefaults: [...srunDefaults, ...account.sessions.srunDefaults],
    },
  };
}
