import { z } from 'zod';
import type { Logger } from '../../core/logger.js';
import { isSlurmdeckError } from '../../core/errors.js';
import { parseNdjsonBatches } from '../batch-parse.js';
import { runInitRecord, toRunInit } from '../run-init.js';
import { scanSpoolBatch } from '../spool-batch-scan.js';
import type { SpoolCursor } from '../spool-cursor.js';
import type { SpoolPoll } from '../spool-tailer.js';
import type { Tracker } from '../tracker.js';
import type { Batch } from '../types.js';
import type { JobRef } from '../run-of-job.js';
import { spoolInitRefusal } from './spool-owner.js';

export interface SpoolApplied {
  /** Cursors of what the store now holds: save them, then commit them to the tailer. */
  done: SpoolCursor[];
  /** run.json files that could not be applied now: read them again next poll. */
  retry: string[];
  /** finish.json files whose run is not there yet: read them again next poll. */
  retryFinish: string[];
  batches: number;
  points: number;
}

/**
 * One poll of the spool into the tracker: run.json first (a run must exist before its
 * batches), then each file's complete lines: the plain lines the clients write read directly,
 * any other through the HTTP route's parser and validator (the same batches either way). A
 * file whose batches the store refused (its run.json not applied yet) keeps its cursor: read
 * again later; (run, seq) makes any line read twice count once. With `ownersOf` (the jobs whose
 * folder a spool root is: often several share one), its run.json and lines reach their runs only.
 */
export async function applySpoolPoll(
  tracker: Tracker,
  poll: SpoolPoll,
  log: Logger,
  ownersOf: (root: string) => readonly JobRef[] = () => [],
): Promise<SpoolApplied> {
  const out: SpoolApplied = { done: [], retry: [], retryFinish: [], batches: 0, points: 0 };
  for (const run of poll.runs) {
    if (run.init === undefined) continue;
    let record;
    try {
      record = runInitRecord.safeParse(JSON.parse(run.init));
    } catch {
      record = undefined;
    }
    if (!record?.success) {
      // Written atomically by the client: a record that does not parse is not one; a rewrite is read again.
      log.warn(`tracker ingest: ${run.dir}/run.json is not an init record; its run waits for one`);
      continue;
    }
    const stored = await tracker.store.getRun(record.data.run);
    const owners = ownersOf(run.root);
    const refused = refusal(owners, record.data, run.uid, stored);
    if (refused) {
      log.warn(`tracker ingest: ${run.dir}/run.json not applied: ${refused}`);
      // A run another job still writes may end meanwhile, then be continued: read it again.
      if (stored?.status === 'running') out.retry.push(run.dir);
      continue;
    }
    // A run read from a cluster's spool is of that cluster, named in run.json or not.
    const cluster = record.data.cluster ?? owners[0]?.cluster;
    try {
      await tracker.startRun(toRunInit({ ...record.data, ...(cluster ? { cluster } : {}) }));
    } catch (error) {
      log.warn(`tracker ingest: cannot start run ${run.uid}: ${String(error)}`);
      out.retry.push(run.dir);
    }
  }
  for (const file of poll.files) {
    const owners = file.root === undefined ? [] : ownersOf(file.root);
    if (owners.length > 0 && file.uid !== undefined && file.lines.length > 0) {
      const refused = refusal(
        owners,
        { run: file.uid },
        file.uid,
        await tracker.store.getRun(file.uid),
      );
      if (refused) {
        log.debug(`tracker ingest: ${file.path} waits: ${refused}`);
        continue;
      }
    }
    const batches: Batch[] = [];
    for (const line of file.lines) {
      try {
        const plain = scanSpoolBatch(line.text);
        const read = plain ? [plain] : parseNdjsonBatches(line.text);
        const other = read.find((batch) => file.uid !== undefined && batch.run !== file.uid);
        if (other) {
          log.warn(
            `tracker ingest: ${file.path} (before byte ${line.end}) names run ${other.run}, not its folder's ${file.uid}; line skipped`,
          );
          continue;
        }
        batches.push(...read);
      } catch (error) {
        log.warn(
          `tracker ingest: ${file.path} (before byte ${line.end}): ${String(error)}; line skipped`,
        );
      }
    }
    if (batches.length > 0) {
      try {
        const result = await tracker.applyBatches(batches);
        out.batches += result.applied;
        out.points += result.points;
      } catch (error) {
        const why = isSlurmdeckError(error) ? `${error.code}: ${error.message}` : String(error);
        log.debug(`tracker ingest: ${file.path} waits: ${why}`);
        continue;
      }
    }
    out.done.push(file.next);
  }
  for (const finish of poll.finishes) {
    if (!(await applyFinish(tracker, finish.uid, finish.text, log)))
      out.retryFinish.push(finish.dir);
  }
  return out;
}

/** Undefined when any of the folder's jobs may have the run (or no job is known for it). */
function refusal(
  owners: readonly JobRef[],
  record: Parameters<typeof spoolInitRefusal>[0],
  uid: string,
  stored: Parameters<typeof spoolInitRefusal>[3],
): string | undefined {
  const said = owners.map((owner) => spoolInitRefusal(record, uid, owner, stored));
  return said.length === 0 || said.includes(undefined) ? undefined : said[0];
}

/** finish.json as the Python client writes it (tracker/README.md). */
const finishRecord = z.object({
  status: z.enum(['finished', 'failed']),
  exit_code: z.number().int().nullish(),
  t: z.number().positive(),
});

/**
 * The client's own end, from the spool: the run takes status, exit code and end time, unless
 * it has ended since (the job's end from the watcher says more) or the folder says nothing
 * readable. False when the run is not in the store yet: try again.
 */
async function applyFinish(tracker: Tracker, uid: string, text: string, log: Logger) {
  let parsed;
  try {
    parsed = finishRecord.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) {
    log.warn(`tracker ingest: finish.json of run ${uid} is not a finish record; left alone`);
    return true;
  }
  const run = await tracker.store.getRun(uid);
  if (!run) return false;
  if (run.status !== 'running' || run.jobOutcome !== undefined) return true;
  const { status, exit_code: exitCode, t } = parsed.data;
  await tracker.finishRun(uid, status, exitCode ?? undefined, Math.round(t * 1000));
  return true;
}
