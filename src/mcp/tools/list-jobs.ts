import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { parseJobStates } from '../../slurm/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { CLUSTER_TEXT_NOTE, fencedClusterText } from '../untrusted-text.js';
import { jobLine, jobShape, jobView } from './job-view.js';
import { clusterArg, READ_CLUSTER } from './schemas.js';

export function registerListJobsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'list_jobs',
    {
      title: 'List jobs in the queue',
      description:
        "Queued and running jobs (one squeue call): yours by default, or every user's, filtered by state and partition. Finished jobs leave the queue: use job_details for those.",
      inputSchema: {
        cluster: clusterArg,
        allUsers: z.boolean().optional().describe("every user's jobs, not only yours"),
        users: z.array(z.string()).optional().describe('only these users'),
        states: z.array(z.string()).optional().describe('e.g. ["PENDING","RUNNING"] or ["PD","R"]'),
        partitions: z.array(z.string()).optional(),
        limit: z
          .number()
          .int()
          .min(1)
          .max(500)
          .optional()
          .describe('at most this many (default 100)'),
      },
      outputSchema: {
        cluster: z.string(),
        jobs: z.array(jobShape),
        total: z.number(),
        truncated: z.boolean(),
        untrusted: z.string(),
      },
      annotations: READ_CLUSTER,
    },
    guard(deps, async (args) => {
      const { name, slurm } = deps.cluster(args.cluster);
      const jobs = await slurm.listJobs({
        ...(args.allUsers || args.users?.length ? {} : { mine: true }),
        ...(args.users?.length ? { users: args.users } : {}),
        ...(args.states?.length ? { states: parseJobStates(args.states) } : {}),
        ...(args.partitions?.length ? { partitions: args.partitions } : {}),
      });
      const limit = args.limit ?? 100;
      const shown = jobs.slice(0, limit).map(jobView);
      const text =
        shown.length === 0
          ? 'no jobs in the queue match'
          : `${jobs.length} job(s)${jobs.length > limit ? `, first ${limit} shown` : ''}:\n${fencedClusterText(`queue of ${name}`, deps.redact(shown.map(jobLine).join('\n')))}`;
      return toolResult(
        {
          cluster: name,
          jobs: shown,
          total: jobs.length,
          truncated: jobs.length > limit,
          untrusted: CLUSTER_TEXT_NOTE,
        },
        text,
      );
    }),
  );
}
