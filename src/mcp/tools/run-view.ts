import { z } from 'zod';
import type { Run } from '../../tracker/index.js';

/** A run as the tracker tools give it: what an agent needs to pick runs and read their end. */
export const runShape = z.object({
  uid: z.string(),
  name: z.string(),
  project: z.string(),
  status: z.string(),
  jobOutcome: z.string().optional(),
  exitCode: z.number().optional(),
  cluster: z.string().optional(),
  jobId: z.string().optional(),
  tags: z.array(z.string()),
  attempts: z.number(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
});

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function runView(run: Run): z.infer<typeof runShape> {
  return runShape.parse({
    uid: run.uid,
    name: run.name,
    project: run.project,
    status: run.status,
    jobOutcome: run.jobOutcome,
    exitCode: run.exitCode,
    cluster: run.cluster,
    jobId: run.jobId,
    tags: run.tags,
    attempts: run.attempts,
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
  });
}

/** One line of a run for the model: uid, name, how it stands, its job. */
export function runLine(run: Run): string {
  const state = run.jobOutcome
    ? `${run.jobOutcome}${run.exitCode ? ` exit ${run.exitCode}` : ''}`
    : run.status;
  const job = run.jobId ? ` job ${run.cluster ?? '?'}/${run.jobId}` : '';
  return `${run.uid} ${run.name} [${run.project}] ${state}${job}`;
}

/** A metric number as JSON carries it (NaN and infinities as strings). */
export const jsonNumber = z.union([z.number(), z.string()]).nullable();

export const summaryShape = z.object({
  key: z.string(),
  points: z.number(),
  lastStep: z.number().nullable(),
  last: jsonNumber,
  min: jsonNumber,
  max: jsonNumber,
});

export const runRef = z
  .string()
  .min(1)
  .max(128)
  .describe('a run: its uid, a unique start of the uid, or its name if only one run has it');

/** Read-only, local: the tracker's database, no cluster contacted. */
export const READ_TRACKER = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;
