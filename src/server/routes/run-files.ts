import { checkFiles, type Run, type RunFile } from '../../tracker/index.js';
import type { ServerDeps } from '../deps.js';

/**
 * A run's declared files; with `check`, looked at on the run's cluster first (the login node
 * sees the shared storage compute nodes wrote to). A look that cannot be made leaves the files
 * as last known and says why.
 */
export async function lookAtRunFiles(
  deps: Pick<ServerDeps, 'tracker' | 'cluster'>,
  run: Run,
  check: boolean,
): Promise<{ files: RunFile[]; checkError?: string }> {
  const files = await deps.tracker.store.runFiles(run.uid);
  if (!check || files.length === 0) return { files };
  if (!run.cluster) {
    return { files, checkError: 'the run names no cluster: its files cannot be looked at' };
  }
  try {
    const transport = deps.cluster(run.cluster).transport;
    const checks = await checkFiles(
      transport,
      files.map((f) => f.path),
    );
    return { files: await deps.tracker.store.recordFileChecks(run.uid, checks, Date.now()) };
  } catch (error) {
    return { files, checkError: error instanceof Error ? error.message : String(error) };
  }
}
