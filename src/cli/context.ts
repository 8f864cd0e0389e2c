import type { Command } from 'commander';
import type { ClusterHandle } from '../sites/index.js';
import { openWorkspace, type Workspace } from '../workspace/index.js';

export type ClusterContext = ClusterHandle;

/** The workspace of one CLI command: --cluster is the default cluster; closed after the command. */
export async function withWorkspace<T>(
  command: Command,
  body: (ws: Workspace) => Promise<T>,
): Promise<T> {
  const cluster = command.optsWithGlobals<{ cluster?: string }>().cluster;
  const ws = openWorkspace({ face: 'cli', ...(cluster ? { defaultCluster: cluster } : {}) });
  try {
    return await body(ws);
  } finally {
    // The ssh master stays up (ControlPersist) for the next command.
    await ws.close({ keepMasters: true });
  }
}

/** Runs a command body with the cluster named by --cluster (or the default). */
export async function withCluster<T>(
  command: Command,
  body: (context: ClusterContext, ws: Workspace) => Promise<T>,
): Promise<T> {
  return withWorkspace(command, (ws) => body(ws.cluster(), ws));
}
