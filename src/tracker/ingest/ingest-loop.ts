import type { Logger } from '../../core/logger.js';
import { isSlurmdeckError } from '../../core/errors.js';
import { sleepUnlessAborted } from '../../core/repeat.js';
import type { ClusterIngest, IngestJob } from './cluster-ingest.js';

export interface IngestLoopOptions {
  ingest: Pick<ClusterIngest, 'poll'>;
  /** The jobs to read for, asked before each poll. */
  jobs: () => IngestJob[];
  log: Logger;
  cluster: string;
  signal: AbortSignal;
  /** Between polls when nothing more is waiting (default 2 s: a point is visible within a few seconds). */
  intervalMs?: number;
}

/** Polls until aborted; a failed poll (ssh dropped, store busy) is said and tried again later. */
export async function runIngestLoop(options: IngestLoopOptions): Promise<void> {
  const { log, signal } = options;
  const interval = options.intervalMs ?? 2000;
  let failures = 0;
  while (!signal.aborted) {
    let more = false;
    const startedAt = Date.now();
    try {
      const result = await options.ingest.poll(options.jobs(), signal);
      if (failures > 0) log.warn(`tracker ingest of ${options.cluster} works again`);
      failures = 0;
      more = result.more;
      if (result.points > 0)
        log.debug(`tracker ingest of ${options.cluster}: ${result.points} points`);
    } catch (error) {
      if (signal.aborted) return;
      failures++;
      const why = isSlurmdeckError(error) ? `${error.code}: ${error.message}` : String(error);
      if (failures === 1 || failures % 30 === 0)
        log.warn(`tracker ingest of ${options.cluster} failed (${why}); trying again`);
    }
    // Polls start every interval (a slow ssh round trip is not added to the wait); after
    // failures the wait grows from the end of the failed one.
    const wait = more ? 0 : Math.min(interval * 2 ** Math.min(failures, 4), 60_000);
    const spent = failures === 0 ? Date.now() - startedAt : 0;
    await sleepUnlessAborted(Math.max(0, wait - spent), signal);
  }
}
