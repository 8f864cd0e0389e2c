import type { ClusterConfig, Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { AuditLog, Confirmations } from '../audit/index.js';
import type { EventLog } from '../events/index.js';
import type { PollerService, PollerStatus, WatchStore } from '../jobs/index.js';
import type { Notifier } from '../notify/index.js';
import type { SessionManager } from '../sessions/index.js';
import type { ClusterHandle } from '../sites/index.js';
import type { Db } from '../store/index.js';
import type { Tracker } from '../tracker/index.js';
import { openWorkspace, watchChannels, watchJobs, type Workspace } from '../workspace/index.js';

/**
 * What the routes need from the library: a slice of the workspace (opened with the face
 * 'http'), so route tests can see at a glance what a route may touch.
 */
export interface ServerDeps {
  /** The config; a long-running server reads it again when the file changes. */
  config(): Config;
  /** A cluster by name (or the default), its SSH master kept open between calls. */
  cluster(name?: string): ClusterHandle;
  db: Db;
  watchStore: WatchStore;
  /** The durable event log every face reads; the event stream follows it. */
  events: EventLog;
  /** Experiment runs and their metrics. */
  tracker: Tracker;
  /** Every action that cancels or spends, with the face 'http' and the caller's name. */
  audit: AuditLog;
  /** Confirm tokens for what cancels or spends, the same store MCP uses. */
  confirmations: Confirmations;
  /** The shared poller of each cluster (run here when no other slurmdeck runs it). */
  pollers: PollerService;
  /** Masks known secrets and anything shaped like a credential. */
  redact(text: string): string;
  /** The notification outbox; throws a coded error when the credentials cannot be read. */
  notifier(): Notifier;
  /** The session manager of a cluster. */
  sessions(cluster: string): SessionManager;
  /** Channels for a watch: the ones named, else the defaults; unknown names refused. */
  watchChannels(named: readonly string[] | undefined): string[];
  /** Adds jobs to the durable watch list and makes sure their cluster is polled. */
  watchJobs(cluster: string, jobIds: readonly string[], channels: readonly string[]): PollerStatus;
  log: Logger;
  now(): number;
  /** The whole workspace, for what serve mounts beside the API (MCP at /mcp): one DB, one poller. */
  workspace: Workspace;
  close(): Promise<void>;
}

export interface ServerDepsOptions {
  configFile?: string;
  defaultCluster?: string;
  db?: Db;
  log?: Logger;
  /** Tests hand in clusters over a recorded transport. */
  openCluster?: (name: string, config: ClusterConfig) => ClusterHandle;
  now?: () => number;
  /** Run the shared pollers in this process when nobody else does (default false: tests). */
  pollers?: boolean;
  /** A fixed time between the shared pollers' polls (default adaptive). */
  pollIntervalMs?: number;
  stateDir?: string;
  /** The tracker's PostgreSQL URL; default: `tracker.database` in the config, else SQLite. */
  trackerDatabase?: string;
}

export function createServerDeps(options: ServerDepsOptions = {}): ServerDeps {
  const workspace = openWorkspace({
    face: 'http',
    reloadConfig: true,
    pollers: options.pollers ?? false,
    ...(options.stateDir === undefined ? {} : { stateDir: options.stateDir }),
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
    ...(options.defaultCluster === undefined ? {} : { defaultCluster: options.defaultCluster }),
    ...(options.db === undefined ? {} : { db: options.db }),
    ...(options.trackerDatabase === undefined ? {} : { trackerDatabase: options.trackerDatabase }),
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.openCluster === undefined ? {} : { openCluster: options.openCluster }),
  });
  return {
    config: () => workspace.config(),
    cluster: (name) => workspace.cluster(name),
    get db() {
      return workspace.db;
    },
    get watchStore() {
      return workspace.watchStore;
    },
    get events() {
      return workspace.events;
    },
    get tracker() {
      return workspace.tracker;
    },
    get audit() {
      return workspace.audit;
    },
    get confirmations() {
      return workspace.confirmations;
    },
    get pollers() {
      return workspace.pollers;
    },
    redact: (text) => workspace.redact(text),
    notifier: () => workspace.notifier(),
    sessions: (cluster) => workspace.sessions(cluster),
    watchChannels: (named) => watchChannels(workspace, named),
    watchJobs: (cluster, jobIds, channels) => watchJobs(workspace, cluster, jobIds, channels),
    log: workspace.log,
    now: options.now ?? Date.now,
    workspace,
    close: () => workspace.close(),
  };
}
