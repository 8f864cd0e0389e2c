import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { CLUSTER_TEXT_NOTE, fencedClusterText } from '../untrusted-text.js';
import { READ_TRACKER, runLine, runShape, runView } from './run-view.js';

export function registerRunsListTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'runs_list',
    {
      title: 'Find experiment runs',
      description:
        "Tracked training runs, newest first, filtered by project, status, tag or job. Each says how it ended: the job's real outcome (OUT_OF_MEMORY, TIMEOUT, FAILED with its exit code...) once the job is over. Read a run's metrics with run_metrics; put runs side by side with runs_compare.",
      inputSchema: {
        project: z.string().optional().describe('only this project (experiment)'),
        status: z.enum(['running', 'finished', 'failed']).optional(),
        tag: z.string().optional(),
        cluster: z.string().optional(),
        jobId: z.string().optional().describe('only runs of this job'),
        limit: z
          .number()
          .int()
          .min(1)
          .max(500)
          .optional()
          .describe('at most this many (default 50)'),
      },
      outputSchema: {
        runs: z.array(runShape),
        untrusted: z.string(),
      },
      annotations: READ_TRACKER,
    },
    guard(deps, async (args) => {
      const runs = await deps.tracker.store.listRuns({ ...args, limit: args.limit ?? 50 });
      const text =
        runs.length === 0
          ? 'no runs match'
          : `${runs.length} run(s):\n${fencedClusterText('runs', deps.redact(runs.map(runLine).join('\n')))}`;
      return toolResult({ runs: runs.map(runView), untrusted: CLUSTER_TEXT_NOTE }, text);
    }),
  );
}
