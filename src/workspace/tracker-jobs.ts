import { repeatUntilAborted } from '../core/repeat.js';
import type { JobReport } from '../jobs/index.js';
import type { Run } from '../tracker/index.js';
import { watchJobs } from './watch-list.js';
import type { Workspace } from './workspace.js';

/** The event log consumer whose cursor says which job ends the tracker has taken. */
export const TRACKER_CONSUMER = 'tracker';

// The watcher does not know these as ends: the run stays as its client left it.
const NOT_AN_END = new Set(['REQUEUED', 'UNKNOWN']);

async function recordEnd(ws: Workspace, cluster: string, report: JobReport, endedAt: number) {
  if (NOT_AN_END.has(report.outcome)) return [];
  return ws.tracker.recordJobEnd({
    cluster,
    jobId: report.jobId,
    outcome: report.outcome,
    exitCode: report.exitCode,
    endedAt,
    nodes: report.nodes,
  });
}

/**
 * A run tied to a job of a configured cluster: the shared watcher watches that job (no
 * notification channels), and a job that had already ended gives the run its end at once (a run
 * that arrives from the spool after its job is over).
 */
export function watchRunJob(ws: Workspace, run: Run): void {
  const { cluster, jobId } = run;
  if (!cluster || !jobId || run.jobOutcome !== undefined) return;
  if (!Object.hasOwn(ws.config().clusters, cluster)) {
    ws.log.debug(`tracker: run ${run.uid} names cluster ${cluster}, which is not configured`);
    return;
  }
  const known = ws.watchStore.get(cluster, jobId);
  if (known?.ended && known.report) {
    void recordEnd(ws, cluster, known.report, known.endedAt ?? Date.now()).catch((error) =>
      ws.log.warn(`tracker: the end of job ${jobId} not recorded: ${String(error)}`),
    );
    return;
  }
  watchJobs(ws, cluster, [jobId], []);
}

/** Every job end in the event log the tracker has not taken yet, given to its runs. */
export async function applyJobEnds(ws: Workspace): Promise<number> {
  let applied = 0;
  for (;;) {
    const events = ws.events.read({
      consumer: TRACKER_CONSUMER,
      kindPrefix: 'job.finished',
      limit: 200,
    });
    const last = events.at(-1);
    if (!last) return applied;
    for (const event of events) {
      if (event.kind !== 'job.finished' || !event.cluster) continue;
      const runs = await recordEnd(ws, event.cluster, event.payload.report, event.createdAt);
      applied += runs.length;
    }
    ws.events.ack(TRACKER_CONSUMER, last.id);
  }
}

/**
 * Gives runs their job's end as the watcher records it, whichever process polls: one indexed
 * read of the event log every `everyMs`, until `signal` aborts.
 */
export async function followJobEnds(
  ws: Workspace,
  signal: AbortSignal,
  everyMs = 1000,
): Promise<void> {
  await repeatUntilAborted(
    signal,
    everyMs,
    () => applyJobEnds(ws),
    (error) => ws.log.warn(`tracker: job ends wait for the next look: ${String(error)}`),
  );
}
