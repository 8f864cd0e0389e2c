import type { EventLog } from '../events/index.js';
import type { TrackerStore } from './store.js';
import { runSubject } from './tracker-events.js';
import type { Batch, BatchResult, JobEnd, Run, RunInit, RunStatus, StartResult } from './types.js';

export interface TrackerOptions {
  store: TrackerStore;
  events: Pick<EventLog, 'append'>;
  now?: () => number;
  /** Called after each start or resume (the workspace hands the run's job to the watcher). */
  onStarted?: (run: Run) => void;
}

/**
 * The tracker as every face and ingest channel (HTTP, the spool tailer, the watcher) uses it:
 * the store's writes plus the events they make, each appended once.
 */
export function createTracker({ store, events, now = Date.now, onStarted }: TrackerOptions) {
  // In-process only (not the durable log): a batch is too frequent to be an event of its own.
  const appliedListeners = new Set<(uids: ReadonlySet<string>) => void>();
  const finished = (run: Run) =>
    events.append({
      kind: 'tracker.run.finished',
      cluster: run.cluster,
      subject: runSubject(run.uid),
      once: `${run.attempts}:${run.jobOutcome ?? run.status}`,
      payload: {
        uid: run.uid,
        project: run.project,
        status: run.status,
        exitCode: run.exitCode,
        jobOutcome: run.jobOutcome,
      },
    });

  return {
    store,

    async startRun(init: RunInit): Promise<StartResult> {
      const result = await store.startRun(init, now());
      const { run, attempt } = result;
      events.append({
        kind: 'tracker.run.started',
        cluster: run.cluster,
        subject: runSubject(run.uid),
        once: `${result.seqStart}:${init.startedAt ?? ''}`,
        payload: {
          uid: run.uid,
          project: run.project,
          name: run.name,
          jobId: run.jobId,
          attempt,
          resumeStep: init.resumeStep,
        },
      });
      onStarted?.(run);
      return result;
    },

    async applyBatches(batches: readonly Batch[]): Promise<BatchResult> {
      const result = await store.applyBatches(batches, now());
      if (result.applied > 0 && appliedListeners.size > 0) {
        const uids = new Set(batches.map((batch) => batch.run));
        for (const listener of appliedListeners) listener(uids);
      }
      return result;
    },

    /** Tells `listener` which runs got new points (live charts); returns what stops it. */
    onApplied(listener: (uids: ReadonlySet<string>) => void): () => void {
      appliedListeners.add(listener);
      return () => appliedListeners.delete(listener);
    },

    /** `at`: when the client finished (ms), when it says so (the spool's finish.json). */
    async finishRun(
      uid: string,
      status: RunStatus = 'finished',
      exitCode?: number,
      at?: number,
    ): Promise<Run> {
      const run = await store.finishRun(uid, status, exitCode, at ?? now());
      finished(run);
      return run;
    },

    /** The watcher's hook when a job ends: its runs take the job's real outcome. */
    async recordJobEnd(end: JobEnd): Promise<Run[]> {
      const runs = await store.recordJobEnd(end, now());
      runs.forEach(finished);
      return runs;
    },
  };
}

export type Tracker = ReturnType<typeof createTracker>;
