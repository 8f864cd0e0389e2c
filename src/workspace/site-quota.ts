import { userInfo } from 'node:os';
import {
  siteClusterFor,
  siteGroupFor,
  siteStorageQuota,
  type ClusterHandle,
  type StorageQuota,
} from '../sites/index.js';
import type { AccountUsage } from '../slurm/index.js';
import type { Workspace } from './workspace.js';

export type SiteUsage = { accounts: AccountUsage[] } | { error: string };

const remoteUser = (cluster: ClusterHandle) =>
  (cluster.config.transport === 'ssh' && cluster.config.user) || userInfo().username;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The user's accounts' CPU/GPU hours at a site (sshare), or why they could not be read. */
export async function siteUsage(cluster: ClusterHandle): Promise<SiteUsage> {
  try {
    return { accounts: await cluster.slurm.shareUsage(remoteUser(cluster)) };
  } catch (error) {
    return { error: message(error) };
  }
}

/** Storage quota of the user and the accounts sshare named, from the site's API (squota's part). */
export async function siteStorage(
  ws: Workspace,
  site: string,
  cluster: ClusterHandle,
  usage: SiteUsage,
): Promise<StorageQuota> {
  try {
    const { profile } = siteGroupFor(ws.config(), site, {});
    const accounts = 'accounts' in usage ? usage.accounts.map((a) => a.account) : [];
    return await siteStorageQuota(site, profile, { user: remoteUser(cluster), accounts });
  } catch (error) {
    return { unavailable: message(error) };
  }
}

/** What squota shows at a site: hours against the accounts' limits, then storage quota. */
export async function siteHoursAndStorage(
  ws: Workspace,
  site: string,
): Promise<{ cluster: string; usage: SiteUsage; storage: StorageQuota }> {
  const cluster = ws.cluster(siteClusterFor(ws.config(), site, {}));
  const usage = await siteUsage(cluster);
  return { cluster: cluster.name, usage, storage: await siteStorage(ws, site, cluster, usage) };
}
