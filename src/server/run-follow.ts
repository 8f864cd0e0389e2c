import type { StoredEvent } from '../events/index.js';
import { TRACKER_EVENTS, runSubject, type Tracker } from '../tracker/index.js';

/** New points of a followed run are told at most this often: a chart reads its range again. */
export const RUN_POINTS_EVERY_MS = 500;

/**
 * What an event stream with `?runs=` follows: which of those runs got new points (from the
 * tracker, in-process, coalesced to one `metrics` event per RUN_POINTS_EVERY_MS) and their
 * started/finished events from the durable log.
 */
export function followRuns(tracker: Tracker, uids: ReadonlySet<string>, wake: () => void) {
  const fresh = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let due = false;
  const stop = tracker.onApplied((applied) => {
    for (const uid of applied) if (uids.has(uid)) fresh.add(uid);
    if (fresh.size === 0 || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      due = true;
      wake();
    }, RUN_POINTS_EVERY_MS);
  });
  const subjects = new Set([...uids].map(runSubject));
  return {
    /** The runs with new points since the last call, once their interval is over. */
    takeFresh(): string[] {
      if (!due) return [];
      due = false;
      const list = [...fresh];
      fresh.clear();
      return list;
    },
    /** A tracker event about a followed run, as the stream sends it. */
    runEvent(stored: StoredEvent): { uid: string; kind: string } | undefined {
      if (!stored.kind.startsWith(TRACKER_EVENTS) || !subjects.has(stored.subject)) return;
      return { uid: stored.subject.slice('run/'.length), kind: stored.kind };
    },
    stop(): void {
      stop();
      if (timer) clearTimeout(timer);
    },
  };
}
