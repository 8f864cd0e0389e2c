import type { Command } from 'commander';
import { SlurmdeckError } from '../core/errors.js';
import { certificateWarning, siteClusterFor, type ClusterHandle } from '../sites/index.js';
import { openWorkspace, type Workspace, type WorkspaceOptions } from '../workspace/index.js';

export type ClusterContext = ClusterHandle;

/** The workspace of one CLI command: --cluster is the default cluster; closed after the command. */
export async function withWorkspace<T>(
  command: Command,
  body: (ws: Workspace) => Promise<T>,
): Promise<T> {
  const ws = openWorkspace({ face: 'cli', ...defaultClusterOf(command) });
  try {
    return await body(ws);
  } finally {
    // The ssh master stays up (ControlPersist) for the next command.
    await ws.close({ keepMasters: true });
  }
}

/**
 * --cluster names the cluster; --site picks the node group of the command's --partition (or the
 * account's group) at a site, so a submit to a100 at sjtu goes through Siyuan-1's login node.
 */
function defaultClusterOf(command: Command): Pick<WorkspaceOptions, 'defaultCluster'> {
  const { cluster, site, partition } = command.optsWithGlobals<{
    cluster?: string;
    site?: string;
    partition?: unknown;
  }>();
  if (cluster && site) {
    throw new SlurmdeckError('INVALID_ARGUMENT', '--cluster and --site both name where to go', {
      hint: 'Pass one of them: --site routes by partition, --cluster names one cluster.',
    });
  }
  if (site) {
    const work = typeof partition === 'string' ? { partition } : {};
    return { defaultCluster: (config) => siteClusterFor(config, site, work) };
  }
  return cluster ? { defaultCluster: cluster } : {};
}

/** Runs a command body with the cluster named by --cluster (or the default). */
export async function withCluster<T>(
  command: Command,
  body: (context: ClusterContext, ws: Workspace) => Promise<T>,
): Promise<T> {
  return withWorkspace(command, async (ws) => {
    const cluster = ws.cluster();
    const site = command.optsWithGlobals<{ site?: string }>().site;
    const warning = await certificateWarning(cluster.config, site);
    if (warning) console.error(`warning: ${warning}`);
    return body(cluster, ws);
  });
}

/** --site is the global option every command routes by; the `site` commands need it named. */
export function requireSite(command: Command): string {
  const site = command.optsWithGlobals<{ site?: string }>().site;
  if (!site) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'which site?', {
      hint: 'Pass --site NAME (`slurmdeck site list` shows them).',
    });
  }
  return site;
}
