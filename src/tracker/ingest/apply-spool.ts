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
 * again later; (run, seq) makes any line read twice count once.
 */
export async function applySpoolPoll(
  tracker: Tracker,
  poll: SpoolPoll,
  log: Logger,
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
    try {
      await tracker.startRun(toRunInit(record.data));
    } catch (error) {
      log.warn(`tracker ingest: cannot start run ${run.uid}: ${String(error)}`);
      out.retry.push(run.dir);
    }
  }
  for (const file of poll.files) {
    const batches: Batch[] = [];
    for (const line of file.lines) {
      try {
        const plain = scanSpoolBatch(line.text);
        if (plain) batches.push(plain);
        else batches.push(...parseNdjsonBatches(line.text));
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
