import { join } from 'node:path';
import { statSync } from 'node:fs';
import {
  createAuditLog,
  createConfirmations,
  type AuditLog,
  type Confirmations,
} from '../audit/index.js';
import type { EventLog } from '../events/index.js';
import { loadConfig, resolveCluster, type ClusterConfig, type Config } from '../core/config.js';
import { createLogger, type Logger } from '../core/logger.js';
import { configFile, stateDir } from '../core/paths.js';
import { createPollerService, createWatchStore, type PollerService } from '../jobs/index.js';
import type { WatchStore } from '../jobs/index.js';
import {
  createNotifier,
  createOutputRedactor,
  credentialsFileFor,
  loadCredentials,
  type Notifier,
} from '../notify/index.js';
import { createSessionManager, type SessionManager } from '../sessions/index.js';
import {
  openClusterHandle,
  siteClusters,
  siteDataClusters,
  type ClusterHandle,
} from '../sites/index.js';
import { openDatabase, type Db } from '../store/index.js';
import { createTracker, databasePassword, type Tracker } from '../tracker/index.js';
import { watchRunJob } from './tracker-jobs.js';
import { openTrackerStore } from './tracker-store.js';
import { trackerIngest } from './tracker-ingest.js';

export interface WorkspaceOptions {
  /** The face working here (`cli`, `mcp`, `http`): the audit log names it. */
  face: string;
  configFile?: string;
  /** The cluster used when a call names none (`--cluster X`), or how to pick it from the config. */
  defaultCluster?: string | ((config: Config) => string);
  /** An open state database (tests); default: the one under the state directory. */
  db?: Db;
  stateDir?: string;
  log?: Logger;
  /** Secrets to mask in every answer besides the notification credentials (a server's token). */
  secrets?: string[];
  /** Tests hand in fake clusters. */
  openCluster?: (name: string, config: ClusterConfig) => ClusterHandle;
  /** Long-running faces: read the config again when its file changes. */
  reloadConfig?: boolean;
  /** Run the shared poller of a cluster here when nobody else does (default true). */
  pollers?: boolean;
  /** A fixed time between the shared pollers' polls (default adaptive: 5 s to 2 min). */
  pollIntervalMs?: number;
  /** The tracker's PostgreSQL URL (`serve --database`); default: `tracker.database`, else SQLite. */
  trackerDatabase?: string;
}

/**
 * Everything a face works with, opened once and shared by every call: the config, a cached
 * handle per cluster (one SSH master each), the state database with its stores, the notifier,
 * the session managers, the audit log and the shared pollers. Parts open on first use, so a
 * command that only reads `sinfo` never loads SQLite.
 */
export interface Workspace {
  readonly face: string;
  readonly log: Logger;
  readonly stateDir: string;
  config(): Config;
  /** The cluster a call is about (named, or the default), without connecting to it. */
  clusterName(name?: string): string;
  /** A cluster by name (or the default), its SSH master kept open between calls. */
  cluster(name?: string): ClusterHandle;
  readonly db: Db;
  readonly watchStore: WatchStore;
  /** The durable event log every face reads (job ends now; tracker and node events next). */
  readonly events: EventLog;
  /** Experiment runs and their metrics, in the state database. */
  readonly tracker: Tracker;
  readonly audit: AuditLog;
  /** Single-use confirm tokens for actions that cancel, end or spend, shared by every face. */
  readonly confirmations: Confirmations;
  readonly pollers: PollerService;
  /** The notification outbox; throws a coded error when the credentials cannot be read. */
  notifier(): Notifier;
  /** The same, or undefined (logged) when the credentials cannot be read. */
  notifierIfAvailable(): Notifier | undefined;
  /** The session manager of a cluster (or the default one). */
  sessions(cluster?: string): SessionManager;
  /** Masks known secrets and anything shaped like a credential. */
  redact(text: string): string;
  /**
   * Closes what was opened here. `keepMasters` leaves the SSH masters up for the next command
   * (ControlPersist ends them when idle): a CLI command wants that, a server does not.
   */
  close(options?: { keepMasters?: boolean }): Promise<void>;
}

function lazy<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

function fileStamp(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return 'missing';
  }
}

/** Site accounts open one cluster per node group; clusters written out by hand win. */
function withSiteClusters(config: Config): Config {
  return { ...config, clusters: { ...siteClusters(config.sites), ...config.clusters } };
}

/** A configured cluster, or a site's data node by its name (`sjtu-pi-data`) for data work. */
function resolveWithDataNodes(config: Config, name: string | undefined) {
  // Looked up only for a name no cluster has: the profiles are read from disk.
  const dataNode =
    name === undefined || config.clusters[name] ? undefined : siteDataClusters(config.sites)[name];
  return dataNode ? { name: name as string, cluster: dataNode } : resolveCluster(config, name);
}

export function openWorkspace(options: WorkspaceOptions): Workspace {
  const log = options.log ?? createLogger();
  const file = options.configFile ?? configFile();
  const open = options.openCluster ?? openClusterHandle;
  let loaded: { stamp: string; config: Config } | undefined;
  const config = (): Config => {
    if (loaded && !options.reloadConfig) return loaded.config;
    const stamp = fileStamp(file);
    if (loaded?.stamp !== stamp) loaded = { stamp, config: withSiteClusters(loadConfig(file)) };
    return loaded.config;
  };

  const defaultName = () =>
    typeof options.defaultCluster === 'function'
      ? options.defaultCluster(config())
      : options.defaultCluster;

  const handles = new Map<string, { key: string; handle: ClusterHandle }>();
  const managers = new WeakMap<ClusterHandle, SessionManager>();
  let ownDb: Db | undefined;
  // A workspace given its own state folder keeps its database there too.
  const db = lazy(
    () =>
      options.db ??
      (ownDb = openDatabase(
        options.stateDir ? { file: join(options.stateDir, 'slurmdeck.db') } : {},
      )),
  );
  const trackerUrl = () => options.trackerDatabase ?? config().tracker.database;
  const secrets = lazy(() => {
    const known = [...(options.secrets ?? [])];
    try {
      const dbPassword = databasePassword(trackerUrl() ?? '');
      if (dbPassword) known.push(dbPassword);
    } catch {
      // an unreadable config: there is no database password to hide
    }
    try {
      known.push(...loadCredentials(credentialsFileFor(config().notify.credentialsFile)).values());
    } catch (error) {
      log.warn(`${options.face}: notification credentials not loaded: ${String(error)}`);
    }
    return createOutputRedactor(known);
  });
  const notifier = lazy(() => {
    const current = config();
    const credentials = loadCredentials(credentialsFileFor(current.notify.credentialsFile));
    return createNotifier({ db: db(), config: current, credentials });
  });
  const watchStore = lazy(() => createWatchStore(db()));
  const audit = lazy(() =>
    createAuditLog(db(), { face: options.face, redact: (text) => secrets()(text) }),
  );
  const confirmations = lazy(() => createConfirmations(db()));
  let trackerStore: ReturnType<typeof openTrackerStore> | undefined;
  const tracker = lazy(() =>
    createTracker({
      store: (trackerStore = openTrackerStore(trackerUrl(), db)).store,
      events: watchStore().eventLog,
      onStarted: (run) => {
        try {
          watchRunJob(ws, run);
        } catch (error) {
          log.warn(
            `tracker: job ${run.jobId ?? '?'} of run ${run.uid} not watched: ${String(error)}`,
          );
        }
      },
    }),
  );
  let pollersMade: PollerService | undefined;

  const ws: Workspace = {
    face: options.face,
    log,
    stateDir: options.stateDir ?? stateDir(),
    config,
    clusterName: (name) => resolveCluster(config(), name ?? defaultName()).name,
    cluster(name) {
      const resolved = resolveWithDataNodes(config(), name ?? defaultName());
      const key = JSON.stringify(resolved.cluster);
      const cached = handles.get(resolved.name);
      if (cached?.key === key) return cached.handle;
      // The cluster's config changed: a new handle; the old master goes.
      if (cached) void cached.handle.transport.close().catch(() => undefined);
      const handle = open(resolved.name, resolved.cluster);
      handles.set(resolved.name, { key, handle });
      return handle;
    },
    get db() {
      return db();
    },
    get watchStore() {
      return watchStore();
    },
    get events() {
      return watchStore().eventLog;
    },
    get tracker() {
      return tracker();
    },
    get audit() {
      return audit();
    },
    get confirmations() {
      return confirmations();
    },
    get pollers() {
      return (pollersMade ??= createPollerService({
        enabled: options.pollers ?? true,
        stateDir: ws.stateDir,
        cluster: (name) => ws.cluster(name),
        store: watchStore(),
        notifier: () => ws.notifierIfAvailable(),
        log,
        beside: (name) => trackerIngest(ws, name),
        ...(options.pollIntervalMs === undefined ? {} : { intervalMs: options.pollIntervalMs }),
      }));
    },
    notifier,
    notifierIfAvailable() {
      try {
        return notifier();
      } catch (error) {
        log.warn(`${options.face}: notifications are off: ${String(error)}`);
        return undefined;
      }
    },
    sessions(cluster) {
      const handle = ws.cluster(cluster);
      let manager = managers.get(handle);
      if (!manager) {
        manager = createSessionManager({
          cluster: handle.name,
          transport: handle.transport,
          db: db(),
          settings: handle.config.sessions,
          defaults: handle.config.defaults,
          ...(handle.config.setup ? { setup: handle.config.setup } : {}),
        });
        managers.set(handle, manager);
      }
      return manager;
    },
    redact: (text) => secrets()(text),
    async close({ keepMasters = false } = {}) {
      await pollersMade?.stop();
      if (!keepMasters) {
        await Promise.all([...handles.values()].map(({ handle }) => handle.transport.close()));
      }
      handles.clear();
      await trackerStore?.close();
      trackerStore = undefined;
      ownDb?.close();
      ownDb = undefined;
    },
  };
  return ws;
}
