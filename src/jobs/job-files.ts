import { posix } from 'node:path';
import { cleanTerminalText } from '../core/clean-text.js';
import type { Transport } from '../transport/index.js';
import { completionRecordPath, parseCompletionRecord, runIdForJob } from './completion-path.js';
import type { CompletionRecord } from './types.js';

// Prints the first of the given files that exists; exit 1 when none does.
const CAT_FIRST = 'for f in "$@"; do if [ -f "$f" ]; then cat -- "$f"; exit 0; fi; done; exit 1';

/**
 * The wrapper's completion record of a job's latest run, read on the cluster (one exec). Tries
 * the run after `restarts` requeues first, then earlier ones: a requeue we did not see still finds it.
 */
export async function readCompletionRecord(
  transport: Transport,
  workDir: string,
  jobId: string,
  restarts: number,
): Promise<CompletionRecord | undefined> {
  const paths: string[] = [];
  for (let n = Math.max(0, restarts) + 1; n >= 0; n--) {
    paths.push(completionRecordPath(workDir, runIdForJob(jobId, n)));
  }
  const result = await transport.exec(['sh', '-c', CAT_FIRST, 'sh', ...paths], {
    timeoutMs: 15_000,
  });
  return result.exitCode === 0 ? parseCompletionRecord(result.stdout) : undefined;
}

/** The last lines of a job's log, clean text; empty when the file is gone or unreadable. */
export async function readLogTail(
  transport: Transport,
  path: string,
  lines: number,
): Promise<string[]> {
  const result = await transport.exec(['tail', '-n', String(lines), '--', path], {
    timeoutMs: 15_000,
  });
  if (result.exitCode !== 0) return [];
  const text = cleanTerminalText(result.stdout).replace(/\n$/, '');
  return text === '' ? [] : text.split('\n');
}

/** Slurm's default output file when the job named none. */
export function defaultStdoutPath(workDir: string, jobId: string): string {
  return posix.join(workDir, `slurm-${jobId}.out`);
}

/** sacct says who cancelled a job by uid; people know each other by name. */
export async function userNameOf(transport: Transport, uid: string): Promise<string> {
  if (!/^\d+$/.test(uid)) return uid;
  const result = await transport
    .exec(['getent', 'passwd', uid], { timeoutMs: 10_000 })
    .catch(() => undefined);
  const name = result?.exitCode === 0 ? result.stdout.split(':')[0] : undefined;
  return name || uid;
}
