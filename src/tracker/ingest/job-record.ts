import { posix } from 'node:path';
import { z } from 'zod';

/**
 * What `slurmdeck run` leaves for the login node's ingest loop, beside the completion records:
 * where this job's spool is (when it set `$SLURMDECK_SPOOL_DIR`) and the folders given to
 * `--tensorboard`. `<workDir>/.slurmdeck/ingest/<jobId>.json`, written atomically.
 */
export interface JobIngestRecord {
  spoolDir?: string | undefined;
  tensorboard?: string[] | undefined;
}

const schema = z.object({
  spoolDir: z.string().min(1).optional(),
  tensorboard: z.array(z.string().min(1)).max(100).optional(),
});

/** The record's path; job ids are digits and `_` (array tasks), nothing that leaves the folder. */
export function jobIngestRecordPath(workDir: string, jobId: string): string | undefined {
  if (!/^[0-9][0-9_.]*$/.test(jobId) || jobId.includes('..')) return undefined;
  return posix.join(workDir, '.slurmdeck', 'ingest', `${jobId}.json`);
}

/** The record's text, or undefined when it is not one (partial, foreign). Relative paths are the job's work dir's. */
export function parseJobIngestRecord(text: string, workDir: string): JobIngestRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return undefined;
  const absolute = (path: string) => posix.resolve(workDir, path);
  return {
    spoolDir: parsed.data.spoolDir && absolute(parsed.data.spoolDir),
    tensorboard: parsed.data.tensorboard?.map(absolute),
  };
}
