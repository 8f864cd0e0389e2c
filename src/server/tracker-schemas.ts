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
});

export const runsResponse = z.object({ runs: z.array(runSchema) });

export const runResponse = z.object({
  run: runSchema,
  keys: z.array(z.string()).describe('the metric keys, sorted'),
  nextSeq: z.number().describe('where a resumed writer goes on'),
});

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
});

const numberOrSpecial = z.union([z.number(), z.null(), z.enum(['Infinity', '-Infinity'])]);

export const metricResponse = z.object({
  uid: z.string(),
  key: z.string(),
  total: z.number().describe('visible points in the series'),
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
