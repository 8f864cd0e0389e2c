import { z } from 'zod';
import type { RunInit } from './types.js';

const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/** A run uid as the server takes it (the client makes 32 hex characters). */
export const runUid = z
  .string()
  .regex(/^[\w.-]{1,128}$/, 'letters, digits, _ . - (at most 128)')
  .describe('the client-made run id');

/**
 * The init record on the wire (snake_case, as the spool's run.json holds it); see README.md.
 * Unknown fields are ignored, so an older server takes a newer client's record.
 */
export const runInitRecord = z.object({
  run: runUid,
  project: z.string().min(1).max(200),
  name: opt(z.string().max(200)),
  config: opt(z.record(z.string(), z.unknown())),
  tags: opt(z.array(z.string().min(1).max(100)).max(100)),
  notes: opt(z.string().max(10_000)),
  cluster: opt(z.string().max(100)),
  job_id: opt(z.string().max(100)),
  array_task: opt(z.number().int().min(0)),
  restart_count: opt(z.number().int().min(0)),
  git_commit: opt(z.string().max(100)),
  git_dirty: opt(z.boolean()),
  command: opt(z.array(z.string()).max(1000)),
  host: opt(z.string().max(255)),
  resume_step: opt(z.number().int().min(0)),
  seq_start: opt(z.number().int().min(1)),
  started_at: opt(z.number().min(0)),
});

export type RunInitRecord = z.output<typeof runInitRecord>;

/** The wire record as the store takes it. */
export function toRunInit(record: RunInitRecord): RunInit {
  return {
    uid: record.run,
    project: record.project,
    name: record.name,
    config: record.config,
    tags: record.tags,
    notes: record.notes,
    cluster: record.cluster,
    jobId: record.job_id,
    arrayTask: record.array_task,
    restartCount: record.restart_count,
    gitCommit: record.git_commit,
    gitDirty: record.git_dirty,
    command: record.command,
    host: record.host,
    resumeStep: record.resume_step,
    seqStart: record.seq_start,
    startedAt: record.started_at,
  };
}
