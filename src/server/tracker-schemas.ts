import { z } from 'zod';
import { runInitRecord } from '../tracker/index.js';

/** The tracker's requests and responses (see src/tracker/README.md for the wire format). */

const iso = z.string().optional().describe('ISO 8601');
const runStatus = z.enum(['running', 'finished', 'failed']);

export const runSchema = z.object({
  uid: z.string(),
  project: z.string(),
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  notes: z.string(),
  cluster: z.string().optional(),
  jobId: z.string().optional(),
  arrayTask: z.number().optional(),
  restartCount: z.number(),
  submitTime: iso,
  nodes: z.string().optional(),
  host: z.string().optional().describe('the node the client ran on'),
  gitCommit: z.string().optional(),
  gitDirty: z.boolean().optional(),
  command: z.array(z.string()).optional(),
  status: runStatus,
  jobOutcome: z.string().optional().describe("the job's end from the watcher (OUT_OF_MEMORY...)"),
  exitCode: z.number().optional(),
  attempts: z.number().describe('1, and one more per resume'),
  createdAt: iso,
  startedAt: iso,
  endedAt: iso,
  updatedAt: iso,
});

export const runStartBody = runInitRecord.describe(
  'the init record, as the spool run.json holds it: resume by sending a known run with seq_start',
);

export const runStartResponse = z.object({
  run: runSchema,
  created: z.boolean(),
  attempt: z.number(),
  seqStart: z.number().describe("the seq of this attempt's first batch"),
});

export const runsQuery = z.object({
  project: z.string().optional(),
  status: runStatus.optional(),
  tag: z.string().optional(),
  cluster: z.string().optional(),
  jobId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('default 100'),
  offset: z.coerce.number().int().min(0).optional().describe('skip this many (paging)'),
  filter: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe(
      'repeatable FIELD OP VALUE: params.optimizer.lr>=0.01, metrics.loss.last<0.5, state=OUT_OF_MEMORY, tag=baseline, name~sweep (OP: = != < <= > >= ~)',
    ),
  sort: z
    .string()
    .optional()
    .describe('a field, - for descending: -metrics.acc.max, params.optimizer.lr, started'),
  group: z.enum(['experiment', 'array']).optional().describe('rows of a group together'),
  metrics: z
    .string()
    .optional()
    .describe('metric keys, comma-separated: their last/min/max come with each run'),
});

const summarySchema = z.object({
  key: z.string(),
  points: z.number(),
  lastStep: z.number().nullable(),
  last: numberOrText().nullable(),
  min: numberOrText().nullable(),
  max: numberOrText().nullable(),
});

export const runsResponse = z.object({
  runs: z.array(runSchema),
  total: z.number().optional().describe('runs that pass the filters, before limit and offset'),
  summaries: z
    .record(z.string(), z.record(z.string(), summarySchema.nullable()))
    .optional()
    .describe('by run uid, by metric key (the asked metrics): null where the run has none'),
});

export const runResponse = z.object({
  run: runSchema,
  keys: z.array(z.string()).describe('the metric keys, sorted'),
  nextSeq: z.number().describe('where a resumed writer goes on'),
});

function numberOrText() {
  return z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
}

const wireBatch = z.object({
  run: z.string(),
  seq: z.number().int().min(1),
  points: z.array(
    z.object({
      k: z.string(),
      s: z.number().int(),
      v: z.union([z.number(), z.null(), z.enum(['NaN', 'Infinity', '-Infinity'])]),
      t: z.number().describe('unix seconds'),
    }),
  ),
  files: z
    .array(
      z.object({
        path: z.string().describe('absolute, on shared storage'),
        kind: z.enum(['checkpoint', 'artifact', 'log']),
        size: z.number().optional().describe('bytes, as the client saw it'),
        mtime: z.number().optional().describe('unix seconds, as the client saw it'),
        t: z.number().describe('when it was declared, unix seconds'),
      }),
    )
    .max(1000)
    .optional()
    .describe('files the run declares; a path declared again replaces its row'),
});

export const runFilesQuery = z.object({
  check: z
    .enum(['0', '1'])
    .optional()
    .describe("1: look at every file on the run's cluster first (one command), then answer"),
});

export const runFilesResponse = z.object({
  uid: z.string(),
  files: z.array(
    z.object({
      path: z.string(),
      kind: z.enum(['checkpoint', 'artifact', 'log']),
      size: z.number().optional().describe('bytes: from the last look, else as declared'),
      mtime: z.number().optional().describe('unix ms'),
      declaredAt: z.number().describe('unix ms'),
      checkedAt: z.number().optional().describe('unix ms of the last look on the cluster'),
      missing: z.boolean().describe('the last look found nothing at that path'),
    }),
  ),
  checkError: z
    .string()
    .optional()
    .describe('why the look asked for could not be made (the files are as last known)'),
});

export const batchesBody = z
  .union([wireBatch, z.array(wireBatch), z.object({ batches: z.array(wireBatch) })])
  .describe('JSON; or application/x-ndjson with one batch a line');

export const batchesResponse = z.object({
  applied: z.number().describe('batches stored now'),
  duplicates: z.number().describe('batches seen before (same run and seq), not stored again'),
  points: z.number().describe('points stored now'),
});

export const metricQuery = z.object({
  key: z.string().min(1).describe('the metric key, e.g. loss or sys/gpu0/util'),
  width: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('chart width in pixels: at most 4 points a column (M4); every point without it'),
  from: z.coerce.number().optional().describe('first step shown (a zoomed chart)'),
  to: z.coerce.number().optional().describe('last step shown'),
});

const numberOrSpecial = z.union([z.number(), z.null(), z.enum(['Infinity', '-Infinity'])]);

export const metricResponse = z.object({
  uid: z.string(),
  key: z.string(),
  total: z.number().describe('visible points in the series'),
  inRange: z.number().optional().describe('points between from and to (one beyond each edge)'),
  downsampled: z.boolean(),
  steps: z.array(z.number()),
  values: z.array(numberOrSpecial).describe('null for NaN'),
  times: z.array(z.number()).describe('unix seconds'),
});

export const finishBody = z.object({
  status: z.enum(['finished', 'failed']).optional().describe('default finished'),
  exitCode: z.number().int().optional(),
});

export const finishResponse = z.object({ run: runSchema });

const runIds = z
  .string()
  .transform((text) => [...new Set(text.split(',').filter(Boolean))])
  .pipe(z.array(z.string().min(1).max(128)).min(1).max(200))
  .describe('run uids, comma-separated (up to 200)');

export const compareQuery = z.object({ ids: runIds });

export const compareResponse = z.object({
  runs: z.array(runSchema),
  params: z
    .array(z.object({ key: z.string(), values: z.array(z.unknown()), differs: z.boolean() }))
    .describe('every param flattened (optimizer.lr), a value per run (null where missing)'),
  keys: z.array(z.string()).describe('the metric keys of any of the runs, sorted'),
});

export const seriesQuery = metricQuery.extend({
  ids: runIds,
  encoding: z
    .enum(['json', 'packed'])
    .optional()
    .describe(
      'packed: steps32 (base64 of little-endian uint32; steps64, float64, past 2^32) and values32 (float32, about 7 significant digits) instead of steps and values: several times faster to make and read',
    ),
  times: z
    .enum(['0', '1'])
    .optional()
    .describe('1: wall times too (a chart by step does not need them; default 0)'),
});

export const seriesResponse = z.object({
  key: z.string(),
  series: z
    .array(
      metricResponse.omit({ key: true, times: true, steps: true, values: true }).extend({
        steps: z.array(z.number()).optional(),
        values: metricResponse.shape.values.optional(),
        steps32: z.string().optional().describe('packed: base64 of uint32 steps'),
        steps64: z.string().optional().describe('packed, steps past 2^32: base64 of float64'),
        values32: z.string().optional().describe('packed: base64 of float32 values'),
        times: z.array(z.number()).optional(),
      }),
    )
    .describe('one per run that has the key'),
});

export const csvQuery = z.object({
  key: z.string().min(1).optional().describe('only this metric (default: every metric)'),
});
