import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { assertJobId } from '../../slurm/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { watchChannels, watchJobs } from '../../workspace/index.js';
import { pollerText } from '../poller-text.js';
import { clusterArg, jobIdArg } from './schemas.js';

export function registerWatchJobsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'watch_jobs',
    {
      title: 'Watch jobs',
      description:
        'Add jobs to the durable watch list: slurmdeck polls Slurm for them cheaply (one squeue for all watched jobs) and records started, requeued and finished events, the finished one with the outcome (COMPLETED, FAILED, OUT_OF_MEMORY, TIMEOUT...), exit code, log tail and a hint. Read the events with wait_for_events. Notification channels hear of each end too.',
      inputSchema: {
        cluster: clusterArg,
        jobIds: z.array(jobIdArg).min(1).max(500),
        notify: z
          .array(z.string())
          .optional()
          .describe('notification channels for their ends (default: the configured defaults)'),
      },
      outputSchema: {
        cluster: z.string(),
        watching: z.array(z.string()),
        alreadyEnded: z.array(z.object({ jobId: z.string(), outcome: z.string() })),
        poller: z.enum(['this-server', 'another-process', 'none', 'off']),
        notify: z.array(z.string()),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      },
    },
    guard(deps, async (args) => {
      const jobIds = args.jobIds.map(assertJobId);
      const { name } = deps.cluster(args.cluster);
      const channels = watchChannels(deps, args.notify);
      const status = watchJobs(deps, name, jobIds, channels);
      const ended = jobIds
        .map((id) => deps.watchStore.get(name, id))
        .filter((job) => job?.ended)
        .map((job) => ({ jobId: job?.jobId as string, outcome: job?.outcome ?? 'UNKNOWN' }));
      const text = `Watching ${jobIds.join(', ')} on ${name}; ${pollerText(status)}. Call wait_for_events to hear when they start and end.${
        ended.length
          ? ` Already ended: ${ended.map((e) => `${e.jobId} ${e.outcome}`).join(', ')}.`
          : ''
      }`;
      return toolResult(
        {
          cluster: name,
          watching: jobIds,
          alreadyEnded: ended,
          poller: status.poller,
          notify: channels,
        },
        text,
      );
    }),
  );
}
