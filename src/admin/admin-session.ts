import type { ClusterHandle } from '../sites/open-cluster.js';
import { sshTargetLabel } from '../transport/ssh-target.js';
import { adminSettingsOf, openAdminAccess, type AdminAccess } from './access/admin-access.js';
import type { NodeRow } from './node-row.js';
import { nodeInventory } from './targets/node-inventory.js';
import {
  checkTargetSpec,
  resolveTargets,
  type Target,
  type TargetSpec,
} from './targets/resolve-targets.js';

/** One admin command's view of a cluster: its admin access, and its targets from Slurm. */
export interface AdminSession {
  access: AdminAccess;
  /** The targets of a spec, after one sinfo call through the cluster's own transport. */
  selectTargets(spec: TargetSpec, signal?: AbortSignal): Promise<Target[]>;
  /** What a dry run prints: per node, what would be done and over which ssh. */
  plan<Detail>(targets: readonly Target[], what: string): Array<NodeRow<Detail>>;
  close(): Promise<void>;
}

export function openAdminSession(cluster: ClusterHandle): AdminSession {
  const settings = adminSettingsOf(cluster.name, cluster.config);
  const access = openAdminAccess(cluster.name, settings);
  return {
    access,
    async selectTargets(spec, signal) {
      checkTargetSpec(spec);
      const inventory = await nodeInventory(
        { transport: cluster.transport, timeoutMs: 30_000 },
        signal ? { signal } : {},
      );
      return resolveTargets(spec, inventory, settings.reachBy);
    },
    plan: (targets, what) =>
      targets.map((t) => ({
        node: t.name,
        outcome: 'planned' as const,
        summary: `${what} over ssh ${sshTargetLabel(access.nodeTarget(t.address))}`,
      })),
    close: () => access.close(),
  };
}
