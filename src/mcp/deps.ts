import type { AdminSession } from '../admin/index.js';
import type { ClusterHandle } from '../sites/index.js';
import { openWorkspace, type Workspace, type WorkspaceOptions } from '../workspace/index.js';

/** What every tool works with: the shared workspace, plus what only MCP needs. */
export interface McpDeps extends Workspace {
  now(): number;
  /** How often a waiting call looks at the event store. */
  eventPollMs: number;
  /** How the admin tools reach a cluster's hosts (default: the admin's own ssh; tests record). */
  openAdmin?: (cluster: ClusterHandle) => AdminSession;
}

export interface McpDepsOptions extends Omit<WorkspaceOptions, 'face'> {
  /** An open workspace (e.g. `slurmdeck serve` mounting MCP beside its API); else one is opened. */
  workspace?: Workspace;
  /** Run the shared watch loop in this process when no other slurmdeck does (default true). */
  backgroundWatch?: boolean;
  eventPollMs?: number;
}

/** One set per server process, shared by all MCP sessions; the config is re-read when it changes. */
export function createMcpDeps(options: McpDepsOptions = {}): McpDeps {
  const { workspace, backgroundWatch, eventPollMs, ...rest } = options;
  const ws =
    workspace ??
    openWorkspace({
      face: 'mcp',
      reloadConfig: true,
      ...(backgroundWatch === undefined ? {} : { pollers: backgroundWatch }),
      ...rest,
    });
  // A prototype link keeps the workspace's lazy getters working for the tools.
  const deps = Object.create(ws) as McpDeps;
  deps.now = Date.now;
  deps.eventPollMs = eventPollMs ?? 500;
  return deps;
}
