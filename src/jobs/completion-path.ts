import { posix } from 'node:path';
import { z } from 'zod';
import { SlurmdeckError } from '../core/errors.js';
import type { CompletionRecord } from './types.js';

/** Run ids become file names on the cluster: nothing that could leave the runs folder. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The run id of a job's record: the job id for its first run, `<jobId>.r<N>` after N requeues
 * (SLURM_RESTART_COUNT), so a requeued job's earlier record is kept and never mistaken for the last.
 */
export function runIdForJob(jobId: string, restartCount = 0): string {
  return restartCount > 0 ? `${jobId}.r${restartCount}` : jobId;
}

/** Where `slurmdeck run` leaves its completion record: `<workDir>/.slurmdeck/runs/<runId>.json`. */
export function completionRecordPath(workDir: string, runId: string): string {
  if (!RUN_ID.test(runId) || runId.includes('..')) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `not a run id: ${JSON.stringify(runId)}`, {
      hint: 'A run id is a job id (123), a requeued run (123.r1) or a local id (local-...).',
    });
  }
  // Records are read on the cluster over ssh, so the path is POSIX whatever runs this.
  return posix.join(workDir, '.slurmdeck', 'runs', `${runId}.json`);
}

const recordSchema = z.object({
  version: z.literal(1),
  jobId: z.string().nullish(),
  runId: z.string().min(1),
  host: z.string(),
  cwd: z.string(),
  command: z.array(z.string()).min(1),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  forwardedSignals: z.array(z.string()),
  outcome: z.enum(['success', 'failed', 'signalled']),
  logPath: z.string(),
});

/** A record's text as written by `slurmdeck run`, or undefined when it is not one (partial, newer, foreign). */
export function parseCompletionRecord(text: string): CompletionRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return { ...parsed.data, jobId: parsed.data.jobId ?? undefined };
}
