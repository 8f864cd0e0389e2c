import { loadConfig, resolveCluster, type Config } from '../core/config.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createAuditLog, type AuditLog } from '../jobs/audit.js';
import { createWatchStore, type WatchStore } from '../jobs/index.js';
import { openClusterHandle, type ClusterHandle } from '../sites/index.js';
import { openDatabase, type Db } from '../store/index.js';

/**
 * What the routes need from the library. One set per server process; when the shared
 * workspace lands, this file becomes a thin adapter over it and nothing else changes.
 */
export interface ServerDeps {
  /** The config, read again on each call so edits apply without a restart. */
  config(): Config;
  /** A cluster by name (or the default), its SSH master kept open between calls. */
  cluster(name?: string): ClusterHandle;
  db: Db;
  watchStore: WatchStore;
  /** Every action that cancels or spends, with the face 'http'. */
  audit: AuditLog;
  log: Logger;
  now(): number;
  close(): Promise<void>;
}

export interface ServerDepsOptions {
  configFile?: string;
  defaultCluster?: string;
  db?: Db;
  log?: Logger;
  /** Tests hand in clusters over a recorded transport. */
  openCluster?: (name: string, config: Config['clusters'][string]) => ClusterHandle;
  now?: () => number;
}

export function createServerDeps(options: ServerDepsOptions = {}): ServerDeps {
  const db = options.db ?? openDatabase();
  const config = () => loadConfig(options.configFile);
  const open = options.openCluster ?? openClusterHandle;
  const handles = new Map<string, { key: string; handle: ClusterHandle }>();
  return {
    config,
    cluster(name) {
      const resolved = resolveCluster(config(), name ?? options.defaultCluster);
      const key = JSON.stringify(resolved.cluster);
      const cached = handles.get(resolved.name);
      if (cached?.key === key) return cached.handle;
      if (cached) void cached.handle.transport.close().catch(() => undefined);
      const handle = open(resolved.name, resolved.cluster);
      handles.set(resolved.name, { key, handle });
      return handle;
    },
    db,
    watchStore: createWatchStore(db),
    audit: createAuditLog(db),
    log: options.log ?? createLogger(),
    now: options.now ?? Date.now,
    async close() {
      await Promise.all([...handles.values()].map(({ handle }) => handle.transport.close()));
      handles.clear();
      if (!options.db) db.close();
    },
  };
}
