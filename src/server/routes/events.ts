import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { jobEventOf } from '../../jobs/index.js';
import type { ClusterViews } from '../cluster-views.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import type { StoredEvent } from '../../events/index.js';
import { createEventTail } from '../event-tail.js';
import { jobEventView } from '../event-view.js';
import { parseInput } from '../input.js';
import { followRuns } from '../run-follow.js';
import type { LiveViews } from '../live-views.js';
import { eventsQuery, type ViewChanged } from '../schemas.js';

export interface EventRouteOptions {
  /** How often the durable event store is read for new job events. */
  pollMs: number;
  /** A comment line this often keeps proxies from closing a quiet stream. */
  heartbeatMs: number;
  /** Aborted when the server stops: every stream ends so in-flight requests can finish. */
  shutdown: AbortSignal;
}

function resumeFrom(header: string | undefined, after: number | undefined): number | undefined {
  if (header !== undefined && /^\d{1,15}$/.test(header.trim())) return Number(header.trim());
  return after;
}

/**
 * `GET /api/events`: job events from the durable store, each with its id, so a client that
 * reconnects with Last-Event-ID misses nothing and sees nothing twice; with `?cluster=`, also
 * `view` events when the shared status or job views of that cluster change (no id: they are
 * a hint to read the view again, not history); with `?runs=`, `run` events (started, finished)
 * and `metrics` hints when those runs get new points.
 */
export function eventRoutes(
  deps: ServerDeps,
  views: ClusterViews,
  live: LiveViews,
  options: EventRouteOptions,
) {
  const app = new Hono<ServerEnv>();
  // Job events mean the queue changed: its view is read again now, not when it ages out.
  const tail = createEventTail(deps.events, {
    pollMs: options.pollMs,
    onClusters: (clusters) =>
      clusters.forEach((name) => {
        // A tracker run can name a cluster this server does not serve: nothing to read again.
        if (deps.config().clusters[name]) views.invalidate(name);
      }),
  });
  options.shutdown.addEventListener('abort', () => tail.stop(), { once: true });
  app.get('/', (c) => {
    const query = parseInput(eventsQuery, c.req.query(), 'query');
    const cluster = query.cluster === undefined ? undefined : views.name(query.cluster);
    let last = resumeFrom(c.req.header('last-event-id'), query.after) ?? deps.events.lastId();
    return streamSSE(c, async (stream) => {
      const changes: ViewChanged[] = [];
      let wake = () => {};
      const unsubscribe = cluster
        ? live.subscribe(cluster, (change) => {
            changes.push(change);
            wake();
          })
        : () => {};
      const runs = query.runs
        ? followRuns(deps.tracker, new Set(query.runs.split(',')), () => wake())
        : undefined;
      let news = true; // read once at the start: events may wait past the resume point
      const untail = tail.subscribe(() => {
        news = true;
        wake();
      });
      const onShutdown = () => wake();
      options.shutdown.addEventListener('abort', onShutdown);
      stream.onAbort(() => wake());
      let lastWrite = deps.now();
      try {
        await stream.writeSSE({
          event: 'ready',
          data: JSON.stringify({ after: last }),
          retry: 3000,
        });
        while (!stream.aborted && !options.shutdown.aborted) {
          const batch: StoredEvent[] = news ? deps.events.read({ after: last, limit: 100 }) : [];
          // A full batch may have more behind it: read again on the next turn.
          news = batch.length === 100;
          for (const stored of batch) {
            last = stored.id;
            const run = runs?.runEvent(stored);
            if (run) {
              await stream.writeSSE({
                id: String(stored.id),
                event: 'run',
                data: JSON.stringify(run),
              });
              lastWrite = deps.now();
            }
            // Other kinds (nodes) get their own views when they come.
            const event = jobEventOf(stored);
            if (!event) continue;
            await stream.writeSSE({
              id: String(event.id),
              event: 'job',
              data: JSON.stringify(jobEventView(event)),
            });
            lastWrite = deps.now();
          }
          const fresh = runs?.takeFresh() ?? [];
          if (fresh.length > 0) {
            await stream.writeSSE({ event: 'metrics', data: JSON.stringify({ runs: fresh }) });
            lastWrite = deps.now();
          }
          for (let change = changes.shift(); change; change = changes.shift()) {
            await stream.writeSSE({ event: 'view', data: JSON.stringify(change) });
            lastWrite = deps.now();
          }
          if (deps.now() - lastWrite >= options.heartbeatMs) {
            await stream.write(': keepalive\n\n');
            lastWrite = deps.now();
          }
          await new Promise<void>((resolve) => {
            // New events, a view change, a closed stream or a stop wake it before that.
            const timer = setTimeout(resolve, options.heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      } catch (error) {
        deps.log.debug(`serve: event stream ended: ${String(error)}`);
      } finally {
        untail();
        unsubscribe();
        runs?.stop();
        options.shutdown.removeEventListener('abort', onShutdown);
      }
    });
  });
  return app;
}
