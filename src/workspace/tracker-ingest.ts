import type { WatchStore } from '../jobs/index.js';
import {
  ClusterIngest,
  createSpoolCursorStore,
  runIngestLoop,
  type IngestJob,
} from '../tracker/index.js';
import type { Workspace } from './workspace.js';

/** Ended jobs are still read this long: the last lines a client wrote as the job ended. */
const LINGER_MS = 10 * 60_000;

/** The watched jobs of a cluster whose files the tracker reads: running, or ended a moment ago. */
export function ingestJobs(store: WatchStore, cluster: string, now: number): IngestJob[] {
  const ended = store
    .list(cluster)
    .filter((job) => job.ended && now - (job.endedAt ?? 0) < LINGER_MS);
  return [...store.active(cluster), ...ended].flatMap((job) =>
    job.workDir
      ? [{ jobId: job.jobId, name: job.name, workDir: job.workDir, addedAt: job.addedAt }]
      : [],
  );
}

/**
 * The tracker's offline ingest of a cluster (spool folders and TensorBoard files of its watched
 * jobs), run beside its shared poller: by `serve`, `watch` or the MCP server, whichever polls.
 */
export function trackerIngest(ws: Workspace, cluster: string) {
  return async (signal: AbortSignal): Promise<void> => {
    const ingest = new ClusterIngest({
      cluster,
      transport: ws.cluster(cluster).transport,
      tracker: ws.tracker,
      cursors: createSpoolCursorStore(ws.db),
      log: ws.log,
    });
    await runIngestLoop({
      ingest,
      jobs: () => ingestJobs(ws.watchStore, cluster, Date.now()),
      log: ws.log,
      cluster,
      signal,
    });
  };
}
