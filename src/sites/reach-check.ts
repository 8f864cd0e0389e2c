import { probeTcp, type TcpProbe } from '../transport/index.js';
import type { SiteProfile } from './profile-schema.js';

export interface HostCheck extends TcpProbe {
  /** What the host is to the site: `reachability`, `pi job`, `sy data`... */
  roles: string[];
}

export interface SiteCheck {
  site: string;
  hosts: HostCheck[];
  /** The profile's advice, when its reachability address did not answer. */
  hint?: string;
}

/**
 * Probes the site's reachability address and every entry node (TCP, SSH banner) at once, so
 * "connect the VPN" is told apart from one login node being down.
 */
export async function checkSiteReach(
  site: string,
  profile: SiteProfile,
  probe: (host: string, port: number) => Promise<TcpProbe> = probeTcp,
): Promise<SiteCheck> {
  const wanted = new Map<string, { port: number; roles: string[] }>();
  const want = (host: string, port: number, role: string) => {
    const key = `${host}:${port}`;
    const entry = wanted.get(key) ?? { port, roles: [] };
    entry.roles.push(role);
    wanted.set(key, entry);
  };
  const reach = profile.reachability;
  if (reach) want(reach.host, reach.port, 'reachability');
  for (const [group, { entry }] of Object.entries(profile.groups)) {
    const port = (host: string) => (reach?.host === host ? reach.port : 22);
    want(entry.job, port(entry.job), `${group} job`);
    if (entry.data) want(entry.data, port(entry.data), `${group} data`);
  }
  const hosts = await Promise.all(
    [...wanted.entries()].map(async ([key, { port, roles }]) => ({
      ...(await probe(key.slice(0, key.lastIndexOf(':')), port)),
      roles,
    })),
  );
  const down = reach && hosts.find((h) => h.roles.includes('reachability') && !h.reachable);
  return { site, hosts, ...(down ? { hint: reach.hint } : {}) };
}
