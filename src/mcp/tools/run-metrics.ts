import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { SlurmdeckError } from '../../core/errors.js';
import { findRun, readMetric, seriesJson, summarizeRun, summaryJson } from '../../tracker/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { CLUSTER_TEXT_NOTE, fencedClusterText } from '../untrusted-text.js';
import {
  jsonNumber,
  READ_TRACKER,
  runLine,
  runRef,
  runShape,
  runView,
  summaryShape,
} from './run-view.js';

const DEFAULT_POINTS = 200;

export function registerRunMetricsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'run_metrics',
    {
      title: "Read a run's metrics",
      description: `One run: its params, each metric summarized (points, last step and value, min, max), and the files it declared (checkpoints, artifacts, logs: path, bytes, mtime, gone when the last look found nothing). With key, that metric's points downsampled to at most maxPoints (default ${DEFAULT_POINTS}) by M4: each step range keeps its first, last, lowest and highest point, so spikes and divergence stay visible. NaN and infinities come as strings.`,
      inputSchema: {
        run: runRef,
        key: z.string().optional().describe('a metric key, e.g. loss or sys/gpu0/util'),
        maxPoints: z
          .number()
          .int()
          .min(4)
          .max(5000)
          .optional()
          .describe(`at most this many points of the key (default ${DEFAULT_POINTS})`),
      },
      outputSchema: {
        run: runShape,
        config: z.record(z.string(), z.unknown()),
        metrics: z.array(summaryShape),
        files: z.array(
          z.object({
            path: z.string(),
            kind: z.string(),
            size: z.number().optional(),
            mtime: z.string().optional().describe('ISO time'),
            missing: z.boolean(),
          }),
        ),
        series: z
          .object({
            key: z.string(),
            total: z.number(),
            downsampled: z.boolean(),
            steps: z.array(z.number()),
            values: z.array(jsonNumber),
            times: z.array(z.number()),
          })
          .optional(),
        untrusted: z.string(),
      },
      annotations: READ_TRACKER,
    },
    guard(deps, async (args) => {
      const store = deps.tracker.store;
      const run = await findRun(store, args.run);
      const metrics = (await summarizeRun(store, run.uid)).map(summaryJson);
      const files = (await store.runFiles(run.uid)).map((f) => ({
        path: f.path,
        kind: f.kind,
        ...(f.size === undefined ? {} : { size: f.size }),
        ...(f.mtime === undefined ? {} : { mtime: new Date(f.mtime).toISOString() }),
        missing: f.missing,
      }));
      let series;
      if (args.key !== undefined) {
        if (!metrics.some((m) => m.key === args.key)) {
          throw new SlurmdeckError(
            'INVALID_ARGUMENT',
            `run ${run.uid} has no metric "${args.key}"`,
            {
              hint: `Its metrics: ${metrics.map((m) => m.key).join(', ') || 'none yet'}.`,
            },
          );
        }
        const read = await readMetric(store, run.uid, args.key, args.maxPoints ?? DEFAULT_POINTS);
        series = { ...seriesJson(read.series), total: read.total, downsampled: read.downsampled };
      }
      const lines = [
        runLine(run),
        `params ${JSON.stringify(run.config)}`,
        ...metrics.map(
          (m) =>
            `${m.key}: ${m.points} points, last ${m.last} at step ${m.lastStep}, min ${m.min}, max ${m.max}`,
        ),
        ...files.map(
          (f) =>
            `${f.kind} ${f.path}${f.missing ? ' (gone)' : f.size === undefined ? '' : ` ${f.size} bytes`}`,
        ),
      ];
      const shown = series
        ? `\n${series.steps.length} of ${series.total} points of ${series.key} in structuredContent.series`
        : '';
      return toolResult(
        {
          run: runView(run),
          config: run.config,
          metrics,
          files,
          ...(series ? { series } : {}),
          untrusted: CLUSTER_TEXT_NOTE,
        },
        `${fencedClusterText('run', deps.redact(lines.join('\n')))}${shown}`,
      );
    }),
  );
}
