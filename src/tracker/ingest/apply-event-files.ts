import type { Logger } from '../../core/logger.js';
import { MAX_KEY_LENGTH, MAX_STEP } from '../batch-parse.js';
import type { EventFileCursor, EventFileUpdate } from '../tensorboard/event-file-tailer.js';
import type { Tracker } from '../tracker.js';
import type { WirePoint } from '../types.js';
import { eventFileRunInit, eventFileRunUid, type EventFileJob } from './tensorboard-runs.js';

export interface EventFilesApplied {
  done: EventFileCursor[];
  points: number;
  /** Points a store could not take (negative or huge steps, overlong tags). */
  dropped: number;
}

/**
 * Event-file scalars into the tracker, each once: the points of a file up to offset E go in a
 * batch with seq E of the file's run. After a crash between applying and saving the cursor, the
 * file is read again from the older cursor and the points of records the store already has
 * (ending at or before its last seq) are left out.
 */
export function createEventFileApplier(tracker: Tracker, cluster: string, log: Logger) {
  /** How far each file's run is applied (its highest seq), once asked of the store. */
  const applied = new Map<string, number>();

  async function appliedUpTo(
    uid: string,
    job: EventFileJob,
    update: EventFileUpdate,
  ): Promise<number> {
    const known = applied.get(uid);
    if (known !== undefined) return known;
    const run = await tracker.store.getRun(uid);
    let upTo = 0;
    if (!run) {
      const startedAt = update.points[0]?.t;
      await tracker.startRun(eventFileRunInit(uid, job, update, startedAt));
    } else {
      upTo = (await tracker.store.nextSeq(uid)) - 1;
    }
    applied.set(uid, upTo);
    return upTo;
  }

  return async function apply(
    updates: readonly EventFileUpdate[],
    jobOf: (update: EventFileUpdate) => EventFileJob | undefined,
  ): Promise<EventFilesApplied> {
    const out: EventFilesApplied = { done: [], points: 0, dropped: 0 };
    for (const update of updates) {
      const identity = update.next.identity;
      if (update.points.length === 0 || !identity) {
        out.done.push(update.next);
        continue;
      }
      const job = jobOf(update);
      if (!job) continue; // its folder is no longer watched
      const uid = eventFileRunUid(cluster, update.path, identity);
      try {
        const upTo = await appliedUpTo(uid, job, update);
        const points = newStorable(update, upTo, out);
        const seq = update.next.offset;
        if (seq > upTo) {
          const result = await tracker.applyBatches([{ run: uid, seq, points }]);
          out.points += result.points;
          applied.set(uid, seq);
        }
        out.done.push(update.next);
      } catch (error) {
        applied.delete(uid);
        log.warn(`tracker ingest: ${update.path} waits: ${String(error)}`);
      }
    }
    if (out.dropped > 0)
      log.debug(`tracker ingest: ${out.dropped} TensorBoard points not storable`);
    return out;
  };
}

/** The points past `upTo` a store can take; the update's own list when that is all of them (no copy). */
function newStorable(update: EventFileUpdate, upTo: number, out: EventFilesApplied): WirePoint[] {
  const all = update.points as WirePoint[];
  let from = 0;
  while (from < all.length && (update.ends[from] as number) <= upTo) from++;
  let i = from;
  while (i < all.length && storable(all[i] as WirePoint)) i++;
  if (i === all.length) return from === 0 ? all : all.slice(from);
  const points = all.slice(from, i);
  for (; i < all.length; i++) {
    const point = all[i] as WirePoint;
    if (!storable(point)) out.dropped++;
    else points.push(point);
  }
  return points;
}

function storable(point: WirePoint): boolean {
  return (
    point.k.length > 0 &&
    point.k.length <= MAX_KEY_LENGTH &&
    Number.isInteger(point.s) &&
    point.s >= 0 &&
    point.s <= MAX_STEP &&
    Number.isFinite(point.t) &&
    point.t >= 0
  );
}
