import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { eventShape, eventText, eventView } from '../event-view.js';
import { guard, sendProgress } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { UNTRUSTED_NOTE } from '../untrusted-text.js';
import { waitForEvents } from '../../events/index.js';
import { JOB_EVENTS, jobEventOf } from '../../jobs/index.js';
import { activeWatches } from '../active-watches.js';

/** Most MCP clients give up on a tool call after about 60 s. */
export const MAX_WAIT_SECONDS = 50;

export function registerWaitForEventsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'wait_for_events',
    {
      title: 'Wait for job events',
      description: `Wait (at most ${MAX_WAIT_SECONDS} s per call, default 25) for events of watched jobs: started, requeued, finished (with outcome, exit code, hint and log tail). Returns as soon as there is one. Events are durable and come back on every call until acknowledged: pass the highest id you have handled as ack on the next call. Each consumer acknowledges for itself (default: this client's name), so another agent still gets the events you acked, and you resume where you acked after a restart. Nothing is missed across restarts. To wait longer, call again: that is cheap, it does not ask Slurm. Returns at once when no job is watched.`,
      inputSchema: {
        consumer: z
          .string()
          .min(1)
          .max(100)
          .optional()
          .describe(
            "whose acknowledgements count (default: this MCP client's name); give each agent its own",
          ),
        ack: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe(
            'acknowledge events up to this id (ackThrough of the previous call) before waiting',
          ),
        timeoutSeconds: z
          .number()
          .min(0)
          .max(MAX_WAIT_SECONDS)
          .optional()
          .describe(`how long to wait for an event, 0-${MAX_WAIT_SECONDS} (default 25)`),
        limit: z
          .number()
          .int()
          .min(1)
          .max(100)
          .optional()
          .describe('at most this many events (default 20)'),
      },
      outputSchema: {
        consumer: z.string().describe('whose acknowledgements these are'),
        events: z.array(eventShape),
        ackThrough: z
          .number()
          .optional()
          .describe('the highest event id returned: pass it as ack once you have handled them'),
        more: z.boolean().describe('more unacknowledged events wait: call again'),
        timedOut: z.boolean(),
        waitedSeconds: z.number(),
        watching: z.array(
          z.object({
            cluster: z.string(),
            activeJobs: z.number(),
            poller: z.enum(['this-server', 'another-process', 'none', 'off']),
          }),
        ),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    guard(deps, async (args, extra) => {
      const consumer = args.consumer ?? server.server.getClientVersion()?.name ?? 'unnamed';
      // Namespaced, so an MCP client never shares a cursor with another face's consumer.
      const cursor = `mcp:${consumer}`;
      const log = deps.watchStore.eventLog;
      if (args.ack !== undefined) log.ack(cursor, args.ack);
      const before = activeWatches(deps);
      for (const { cluster, active } of before) {
        if (active > 0) {
          try {
            deps.pollers.ensure(cluster);
          } catch (error) {
            deps.log.warn(`mcp: cannot poll ${cluster}: ${String(error)}`);
          }
        }
      }
      const timeoutMs = Math.min(args.timeoutSeconds ?? 25, MAX_WAIT_SECONDS) * 1000;
      const limit = args.limit ?? 20;
      const outcome = await waitForEvents(log, {
        consumer: cursor,
        kindPrefix: JOB_EVENTS,
        timeoutMs,
        limit: limit + 1,
        pollMs: deps.eventPollMs,
        now: deps.now,
        idle: () => activeWatches(deps).every((w) => w.active === 0),
        signal: extra.signal,
        onTick: (waited) =>
          sendProgress(
            extra,
            Math.round(waited / 1000),
            timeoutMs / 1000,
            'waiting for job events',
          ),
      });
      const events = outcome.events
        .slice(0, limit)
        .flatMap((e) => jobEventOf(e) ?? [])
        .map((e) => eventView(e, deps.redact));
      const ackThrough = events.at(-1)?.id;
      const watching = activeWatches(deps)
        .filter((w) => w.active > 0)
        .map((w) => ({
          cluster: w.cluster,
          activeJobs: w.active,
          poller: deps.pollers.status(w.cluster).poller,
        }));
      const waitedSeconds = Math.round(outcome.waitedMs / 100) / 10;
      let text: string;
      if (events.length > 0) {
        text = `${events.length} event(s). ${UNTRUSTED_NOTE}\n${events.map(eventText).join('\n')}\nWhen handled, pass ack: ${ackThrough} on the next call.`;
      } else if (outcome.idle) {
        text =
          'No job is watched and no event is waiting: submit with watch: true or call watch_jobs first.';
      } else {
        const jobs = watching.map((w) => `${w.activeJobs} on ${w.cluster}`).join(', ');
        text = `No event in ${waitedSeconds} s; still watching ${jobs}. Call wait_for_events again to keep waiting (cheap: it does not ask Slurm).`;
      }
      return toolResult(
        {
          consumer,
          events,
          ...(ackThrough === undefined ? {} : { ackThrough }),
          more: outcome.events.length > limit,
          timedOut: outcome.timedOut,
          waitedSeconds,
          watching,
        },
        text,
      );
    }),
  );
}
