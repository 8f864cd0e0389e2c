import type { Logger } from '../core/logger.js';
import {
  acquirePollerLock,
  createWakeup,
  createWatcher,
  pollerHolder,
  runWatchLoop,
  type Wakeup,
  type WatchStore,
} from '../jobs/index.js';
import type { Notifier } from '../notify/index.js';
import type { ClusterHandle } from '../sites/index.js';

export interface PollerStatus {
  cluster: string;
  /** Who asks Slurm about the watched jobs of this cluster on this machine. */
  poller: 'this-server' | 'another-process' | 'none' | 'off';
  pid: number | undefined;
}

export interface BackgroundWatchOptions {
  enabled: boolean;
  stateDir: string;
  cluster(name: string): ClusterHandle;
  store: WatchStore;
  notifier(): Notifier | undefined;
  log: Logger;
  /** How often to try again for the poller lock another process holds. */
  retryMs?: number;
}

interface Loop {
  abort: AbortController;
  wakeup: Wakeup;
  done: Promise<void>;
}

/**
 * The shared watch loop, run inside the MCP server for each cluster it is asked about, when no
 * other slurmdeck on this machine polls that cluster already (one poller per cluster). Whoever
 * polls, events land in the same durable store, which is all `wait_for_events` reads.
 */
export function createBackgroundWatch(options: BackgroundWatchOptions) {
  const loops = new Map<string, Loop>();
  const wanted = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  function status(cluster: string): PollerStatus {
    if (!options.enabled) return { cluster, poller: 'off', pid: undefined };
    if (loops.has(cluster)) return { cluster, poller: 'this-server', pid: process.pid };
    const pid = pollerHolder(options.stateDir, cluster);
    return { cluster, poller: pid ? 'another-process' : 'none', pid };
  }

  function start(cluster: string): void {
    const lock = acquirePollerLock(options.stateDir, cluster);
    if (!lock) return;
    let handle: ClusterHandle;
    try {
      handle = options.cluster(cluster);
    } catch (error) {
      lock.release();
      throw error;
    }
    const { log, store } = options;
    const abort = new AbortController();
    const wakeup = createWakeup();
    const watcher = createWatcher({
      cluster,
      slurm: handle.slurm,
      transport: handle.transport,
      store,
      log,
      // Queued in the transaction that records the end: one notification per end and channel.
      onFinished: (report, channels) => {
        if (channels.length > 0) options.notifier()?.enqueue(report, channels);
      },
    });
    log.info(`mcp: polling ${cluster} for watched jobs`);
    const done = runWatchLoop({
      cluster,
      watcher,
      store,
      wakeup,
      log,
      signal: abort.signal,
      onPoll: async () => {
        for (const result of (await options.notifier()?.deliverDue()) ?? []) {
          if (result.state !== 'sent')
            log.warn(`notification to ${result.channel}: ${result.error ?? result.state}`);
        }
      },
    })
      .catch((error: unknown) =>
        log.error(`mcp: watch loop of ${cluster} stopped: ${String(error)}`),
      )
      .finally(() => {
        lock.release();
        loops.delete(cluster);
      });
    loops.set(cluster, { abort, wakeup, done });
  }

  return {
    status,
    /** Polls `cluster` from here if nobody else does; says who polls it. */
    ensure(cluster: string): PollerStatus {
      if (!options.enabled) return status(cluster);
      wanted.add(cluster);
      if (!loops.has(cluster)) start(cluster);
      // Another process may stop polling later: try for its lock now and then.
      timer ??= setInterval(() => {
        for (const name of wanted) {
          try {
            if (!loops.has(name)) start(name);
          } catch (error) {
            options.log.warn(`mcp: cannot watch ${name}: ${String(error)}`);
          }
        }
      }, options.retryMs ?? 30_000).unref();
      return status(cluster);
    },
    /** A job was added: poll now rather than at the next interval. */
    wake(cluster: string): void {
      loops.get(cluster)?.wakeup.wake();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      wanted.clear();
      const running = [...loops.values()];
      for (const loop of running) loop.abort.abort();
      await Promise.all(running.map((loop) => loop.done));
    },
  };
}

export type BackgroundWatch = ReturnType<typeof createBackgroundWatch>;
