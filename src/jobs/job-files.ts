import { posix } from 'node:path';
import { cleanTerminalText } from '../core/clean-text.js';
import { SlurmdeckError } from '../core/errors.js';
import type { Transport } from '../transport/index.js';
import { completionRecordPath, parseCompletionRecord, runIdForJob } from './completion-path.js';
import type { CompletionRecord } from './types.js';

// Prints the first of the given files that exists; exit 3 when none does.
const CAT_FIRST = 'for f in "$@"; do if [ -f "$f" ]; then exec cat -- "$f"; fi; done; exit 3';
// Exit 3 when the log is not there to read (the job wrote none, or it was removed).
const TAIL_IF_READABLE = '[ -r "$2" ] || exit 3; exec tail -n "$1" -- "$2"';

/** Exit 3 is our scripts' "not there"; anything else non-zero is the link or the host failing. */
function unreadable(what: string, exitCode: number): SlurmdeckError {
  return new SlurmdeckError('SLURM_UNAVAILABLE', `cannot read ${what} (exit ${exitCode})`, {
    hint: 'The next poll tries again.',
  });
}

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
  if (result.exitCode === 3) return undefined; // the job did not use the wrapper
  if (result.exitCode !== 0)
    throw unreadable(`the completion record of job ${jobId}`, result.exitCode);
  return parseCompletionRecord(result.stdout);
}

/** The last lines of a job's log, clean text; empty when there is no such file. */
export async function readLogTail(
  transport: Transport,
  path: string,
  lines: number,
): Promise<string[]> {
  const result = await transport.exec(['sh', '-c', TAIL_IF_READABLE, 'sh', String(lines), path], {
    timeoutMs: 15_000,
  });
  if (result.exitCode === 3) return [];
  if (result.exitCode !== 0) throw unreadable(`the log ${path}`, result.exitCode);
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
