import { SlurmdeckError } from '../core/errors.js';
import type { Transport } from '../transport/index.js';
import type { TrackerStore } from './store.js';
import type { FileCheck, Run, RunFile } from './types.js';

/** Paths per command: far below any ARG_MAX with 4 KiB paths. */
const PATHS_PER_CALL = 200;

// One line per path, in order: "SIZE MTIME", "missing", or "unreadable" (a folder on the way
// that this user may not search: not a fact about the file). stat's errors in the C locale.
const CHECK_SCRIPT = String.raw`for f; do
  if out=$(LC_ALL=C stat -L -c '%s %Y' -- "$f" 2>&1); then printf '%s\n' "$out"
  else case "$out" in *"No such file"*|*"Not a directory"*) echo missing;; *) echo unreadable;; esac
  fi
done`;

/** What one line of the script says about a path. */
export function parseCheckLine(path: string, line: string | undefined): FileCheck | undefined {
  const found = /^(\d+) (\d+)$/.exec(line ?? '');
  if (found) {
    return { path, size: Number(found[1]), mtime: Number(found[2]) * 1000, missing: false };
  }
  if (line === 'missing') return { path, size: undefined, mtime: undefined, missing: true };
  // Unreadable (or a line we cannot read): not a fact about the file, so nothing is recorded.
  return undefined;
}

/**
 * Looks at files on the cluster's login node (shared storage: what compute nodes wrote) in as
 * few commands as the count needs: size and mtime, or that nothing is there. The paths go as
 * arguments, never through a shell's parsing.
 */
export async function checkFiles(
  transport: Transport,
  paths: readonly string[],
  timeoutMs = 30_000,
): Promise<FileCheck[]> {
  const checks: FileCheck[] = [];
  for (let at = 0; at < paths.length; at += PATHS_PER_CALL) {
    const part = paths.slice(at, at + PATHS_PER_CALL);
    const result = await transport.exec(['sh', '-c', CHECK_SCRIPT, 'sh', ...part], { timeoutMs });
    const lines = result.stdout.split('\n');
    if (result.exitCode !== 0 || lines.length < part.length) {
      throw new SlurmdeckError(
        'SLURM_REJECTED',
        `looking at the run's files on ${transport.target} failed (exit ${result.exitCode})`,
        { hint: 'Check that the cluster is reachable: slurmdeck status.' },
      );
    }
    part.forEach((path, i) => {
      const check = parseCheckLine(path, lines[i]);
      if (check) checks.push(check);
    });
  }
  return checks;
}

/**
 * A run's declared files; with `check`, looked at on the run's cluster first (its login node
 * sees the shared storage compute nodes wrote to). A look that cannot be made leaves the files
 * as last known and says why.
 */
export async function lookAtRunFiles(
  store: TrackerStore,
  run: Run,
  options: { check: boolean; transportOf: (cluster: string) => Transport; now?: number },
): Promise<{ files: RunFile[]; checkError?: string }> {
  const files = await store.runFiles(run.uid);
  if (!options.check || files.length === 0) return { files };
  if (!run.cluster) {
    return { files, checkError: 'the run names no cluster: its files cannot be looked at' };
  }
  try {
    const checks = await checkFiles(
      options.transportOf(run.cluster),
      files.map((f) => f.path),
    );
    return { files: await store.recordFileChecks(run.uid, checks, options.now ?? Date.now()) };
  } catch (error) {
    return { files, checkError: error instanceof Error ? error.message : String(error) };
  }
}
