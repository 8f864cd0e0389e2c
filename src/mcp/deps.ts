import { loadConfig, resolveCluster, type Config } from '../core/config.js';
import { createLogger, type Logger } from '../core/logger.js';
import { stateDir } from '../core/paths.js';
import { createAuditLog, type AuditLog } from '../jobs/audit.js';
import { createWatchStore, type WatchStore } from '../jobs/index.js';
import {
  createNotifier,
  credentialsFileFor,
  loadCredentials,
  type Notifier,
} from '../notify/index.js';
import { openDatabase, type Db } from '../store/index.js';
import { createBackgroundWatch, type BackgroundWatch } from './background-watch.js';
import { openClusterHandle, type ClusterHandle } from '../sites/index.js';
import { createConfirmStore, type ConfirmStore } from './confirm-store.js';
import { createOutputRedactor } from './redact-output.js';

/** What every tool works with; one set per server process, shared by all MCP sessions. */
export interface McpDeps {
  /** The config, read again on each call so edits apply without a restart. */
  config(): Config;
  /** A cluster by name (or the default), its SSH master kept open between calls. */
  cluster(name?: string): ClusterHandle;
  db: Db;
  watchStore: WatchStore;
  confirmations: ConfirmStore;
  /** Every confirmed action that cancels, ends or spends, shared with the CLI. */
  audit: AuditLog;
  background: BackgroundWatch;
  /** The notification outbox, or undefined when the credentials cannot be read (logged). */
  notifier(): Notifier | undefined;
  redact(text: string): string;
  log: Logger;
  now(): number;
  /** How often a waiting call looks at the event store. */
  eventPollMs: number;
  close(): Promise<void>;
}

export interface McpDepsOptions {
  configFile?: string;
  /** The cluster tools use when a call names none (`slurmdeck --cluster X mcp`). */
  defaultCluster?: string;
  db?: Db;
  log?: Logger;
  /** Secrets to mask in every answer besides the notification credentials (the HTTP token). */
  secrets?: string[];
  /** Tests hand in fake clusters. */
  openCluster?: (name: string, config: Config['clusters'][string]) => ClusterHandle;
  /** Run the shared watch loop in this process when no other slurmdeck does (default true). */
  backgroundWatch?: boolean;
  eventPollMs?: number;
  stateDir?: string;
}

export function createMcpDeps(options: McpDepsOptions = {}): McpDeps {
  const log = options.log ?? createLogger();
  const db = options.db ?? openDatabase();
  const config = () => loadConfig(options.configFile);
  const open = options.openCluster ?? openClusterHandle;
  const handles = new Map<string, { key: string; handle: ClusterHandle }>();
  const secrets = [...(options.secrets ?? [])];
  try {
    secrets.push(...loadCredentials(credentialsFileFor(config().notify.credentialsFile)).values());
  } catch (error) {
    log.warn(`mcp: notification credentials not loaded: ${String(error)}`);
  }
  const redact = createOutputRedactor(secrets);
  let notifier: Notifier | undefined;

  const deps: McpDeps = {
    config,
    cluster(name) {
      const current = config();
      const resolved = resolveCluster(current, name ?? options.defaultCluster);
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
    confirmations: createConfirmStore(db),
    audit: createAuditLog(db, { redact }),
    background: undefined as unknown as BackgroundWatch,
    notifier() {
      if (notifier) return notifier;
      try {
        const current = config();
        const credentials = loadCredentials(credentialsFileFor(current.notify.credentialsFile));
        notifier = createNotifier({ db, config: current, credentials });
      } catch (error) {
        log.warn(`mcp: notifications are off: ${String(error)}`);
      }
      return notifier;
    },
    redact,
    log,
    now: Date.now,
    eventPollMs: options.eventPollMs ?? 500,
    async close() {
      await deps.background.stop();
      await Promise.all([...handles.values()].map(({ handle }) => handle.transport.close()));
      handles.clear();
    },
  };
  deps.background = createBackgroundWatch({
    enabled: options.backgroundWatch ?? true,
    stateDir: options.stateDir ?? stateDir(),
    cluster: (name) => deps.cluster(name),
    store: deps.watchStore,
    notifier: () => deps.notifier(),
    log,
  });
  return deps;
}
