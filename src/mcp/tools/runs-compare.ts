import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { compareRuns, findRun, summarizeRun, summaryJson } from '../../tracker/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { CLUSTER_TEXT_NOTE, fencedClusterText } from '../untrusted-text.js';
import { READ_TRACKER, runLine, runRef, runShape, runView, summaryShape } from './run-view.js';

export function registerRunsCompareTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'runs_compare',
    {
      title: 'Compare experiment runs',
      description:
        "Runs side by side: the params that differ (nested params as dotted keys, a missing one as null) and, for each metric, every run's summary (last, min, max, points) in the order the runs were given. For the curves themselves, read each run with run_metrics and a key.",
      inputSchema: {
        runs: z.array(runRef).min(2).max(20),
      },
      outputSchema: {
        runs: z.array(runShape),
        paramsDiff: z.record(z.string(), z.array(z.unknown())),
        sameParams: z.number(),
        metrics: z.record(z.string(), z.array(summaryShape.nullable())),
        untrusted: z.string(),
      },
      annotations: READ_TRACKER,
    },
    guard(deps, async (args) => {
      const store = deps.tracker.store;
      const runs = await Promise.all(args.runs.map((ref) => findRun(store, ref)));
      const summaries = await Promise.all(runs.map((run) => summarizeRun(store, run.uid)));
      const result = compareRuns(runs, summaries);
      const metrics = Object.fromEntries(
        Object.entries(result.metrics).map(([key, list]) => [
          key,
          list.map((m) => (m ? summaryJson(m) : null)),
        ]),
      );
      const lines = [
        ...runs.map((run, i) => `#${i + 1} ${runLine(run)}`),
        ...Object.entries(result.paramsDiff).map(
          ([key, values]) => `param ${key}: ${values.map((v) => JSON.stringify(v)).join(' | ')}`,
        ),
        `${result.sameParams} params the same in every run`,
        ...Object.entries(metrics).map(
          ([key, list]) =>
            `${key} last: ${list.map((m) => (m ? String(m.last) : '-')).join(' | ')}`,
        ),
      ];
      return toolResult(
        {
          runs: runs.map(runView),
          paramsDiff: result.paramsDiff,
          sameParams: result.sameParams,
          metrics,
          untrusted: CLUSTER_TEXT_NOTE,
        },
        fencedClusterText('runs', deps.redact(lines.join('\n'))),
      );
    }),
  );
}
