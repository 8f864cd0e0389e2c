import type { Logger } from '../core/logger.js';
import type { Notifier } from '../notify/index.js';
import type { ClusterHandle } from '../sites/index.js';
import { pollCluster } from './cluster-poller.js';
import { pollerHolder } from './poller-lock.js';
import { createPushTracker } from './push-tracker.js';
import { createWakeup, type Wakeup } from './wakeup.js';
import type { WatchStore } from './watch-store.js';

export interface PollerStatus {
  cluster: string;
  /** Who asks Slurm about the watched jobs of this cluster on this machine. */
  poller: 'this-server' | 'another-process' | 'none' | 'off';
  pid: number | undefined;
}

export interface PollerServiceOptions {
  enabled: boolean;
  stateDir: string;
  cluster(name: string): ClusterHandle;
  store: WatchStore;
  notifier(): Notifier | undefined;
  log: Logger;
  /** Work run beside a cluster's poller while this process holds its lock (the tracker's ingest). */
  beside?: (cluster: string) => ((signal: AbortSignal) => Promise<void>) | undefined;
  /** How often to try again for the poller lock another process holds. */
  retryMs?: number;
  /** A fixed time between polls (default adaptive). */
  intervalMs?: number;
}

interface Loop {
  abort: AbortController;
  wakeup: Wakeup;
  pushes: ReturnType<typeof createPushTracker>;
  done: Promise<void>;
}

/**
 * The shared poller of each cluster a long-running process (MCP server, `serve`) is asked about,
 * run here when no other slurmdeck on this machine polls that cluster already (one poller per
 * cluster), and taken over when that one stops. Whoever polls, events land in the same durable
 * store, which is all the faces read.
 */
export function createPollerService(options: PollerServiceOptions) {
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
    const handle = options.cluster(cluster);
    const abort = new AbortController();
    const wakeup = createWakeup();
    const pushes = createPushTracker();
    const done = pollCluster({
      cluster,
      slurm: handle.slurm,
      transport: handle.transport,
      store: options.store,
      stateDir: options.stateDir,
      log: options.log,
      notifier: options.notifier(),
      wakeup,
      ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
      urgent: () => pushes.pending((id) => options.store.get(cluster, id)?.ended !== false),
      signal: abort.signal,
      beside: options.beside?.(cluster),
    })
      .then((polled) => {
        if (polled) options.log.info(`watch: stopped polling ${cluster}`);
      })
      .catch((error: unknown) =>
        options.log.error(`watch: poller of ${cluster} stopped: ${String(error)}`),
      )
      .finally(() => loops.delete(cluster));
    // The lock is taken (or not) before pollCluster first waits: holding it means we poll.
    if (pollerHolder(options.stateDir, cluster) !== process.pid) return;
    options.log.info(`watch: polling ${cluster} for watched jobs`);
    loops.set(cluster, { abort, wakeup, pushes, done });
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
            options.log.warn(`watch: cannot poll ${name}: ${String(error)}`);
          }
        }
      }, options.retryMs ?? 30_000).unref();
      return status(cluster);
    },
    /**
     * An epilog push said a job ended (`123`, or an array task `123_4`): each cluster polled here
     * that watches it (or its array) polls now, then every second until Slurm shows the end.
     * Returns those clusters.
     */
    pushed(jobId: string): string[] {
      const ids = [...new Set([jobId, jobId.split('_')[0] as string])];
      const woken: string[] = [];
      for (const [cluster, loop] of loops) {
        const live = ids.filter((id) => options.store.get(cluster, id)?.ended === false);
        if (live.length === 0) continue;
        for (const id of live) loop.pushes.add(id);
        loop.wakeup.wake();
        woken.push(cluster);
      }
      return woken;
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

export type PollerService = ReturnType<typeof createPollerService>;
