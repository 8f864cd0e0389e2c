import { parseSize, type AccountingRecord } from '../slurm/index.js';
import { classifyOutcome } from './outcome.js';
import type { CompletionRecord, JobReport } from './types.js';
import { cleanStrings } from '../slurm/index.js';

export interface ReportInput {
  cluster: string;
  accounting: AccountingRecord;
  record: CompletionRecord | undefined;
  logPath: string | undefined;
  logTail: string[];
}

/** `--mem` as sacct prints ReqMem (`500M`, `4G`, `2Gn`/`2Gc` on older versions) in bytes, per node. */
export function requestedMemoryBytes(accounting: AccountingRecord): number | undefined {
  const raw = accounting.reqMemory?.replace(/[nc]$/, '');
  const perUnit = parseSize(raw, 'M');
  // Slurm prints its "no limit" sentinels (2^63-1 M and the like) as sizes: that is no request.
  if (perUnit === undefined || perUnit <= 0 || perUnit > 2 ** 50) return undefined;
  // `c` means per CPU in sacct before 21.08.
  return accounting.reqMemory?.endsWith('c') ? perUnit * (accounting.allocCpus ?? 1) : perUnit;
}

function ratio(used: number | undefined, available: number | undefined): number | undefined {
  if (used === undefined || available === undefined || available <= 0) return undefined;
  return Math.min(1, used / available);
}

// What slurmstepd (OverMemoryKill) and the kernel's OOM killer write to the job's output.
const OOM_TEXT = /exceeded (job )?memory limit|oom[-_ ]kill|out of memory/i;

/**
 * Sites that enforce memory by sampling (JobAcctGatherParams=OverMemoryKill) report a job killed
 * for memory as FAILED with SIGKILL, and a step killed so as CANCELLED with SIGKILL under a job
 * COMPLETED when its script went on and exited 0: the log or the peak against the request says why.
 */
function killedForMemory(
  input: ReportInput,
  requested: number | undefined,
  stepsOnly: boolean,
): boolean {
  const { accounting } = input;
  const killed =
    (!stepsOnly && accounting.signal === 9) || accounting.steps.some((s) => s.signal === 9);
  if (!killed) return false;
  if (input.logTail.some((line) => OOM_TEXT.test(line))) return true;
  return requested !== undefined && (accounting.maxRssBytes ?? 0) >= requested * 0.95;
}

export function buildReport(input: ReportInput): JobReport {
  const { accounting, record } = input;
  const requested = requestedMemoryBytes(accounting);
  const classified = classifyOutcome(accounting, record);
  const ended = classified.outcome;
  if (
    (['FAILED', 'CANCELLED'].includes(ended) && killedForMemory(input, requested, false)) ||
    (ended === 'COMPLETED' && killedForMemory(input, requested, true))
  ) {
    classified.outcome = 'OUT_OF_MEMORY';
  }
  const cpuCapacity =
    accounting.elapsedSeconds !== undefined && accounting.allocCpus !== undefined
      ? accounting.elapsedSeconds * accounting.allocCpus
      : undefined;
  const report: JobReport = {
    cluster: input.cluster,
    jobId: accounting.id,
    name: accounting.name,
    user: accounting.user || undefined,
    ...classified,
    elapsedSeconds: accounting.elapsedSeconds,
    timeLimitSeconds: accounting.timeLimitSeconds,
    nodes: accounting.nodeList,
    cpuEfficiency: ratio(accounting.totalCpuSeconds, cpuCapacity),
    memoryEfficiency: ratio(accounting.maxRssBytes, requested),
    maxRssBytes: accounting.maxRssBytes,
    requestedMemoryBytes: requested,
    startedAt: accounting.startTime,
    endedAt: accounting.endTime,
    logPath: input.logPath,
    logTail: input.logTail,
    hint: undefined,
  };
  report.hint = hintFor(report);
  // Names, paths and log lines come from the cluster and the job's own files: clean, for any face.
  return cleanStrings(report);
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

function hhmm(seconds: number | null | undefined): string {
  if (seconds === null) return 'no limit';
  if (seconds === undefined) return 'unknown';
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m} min`;
}

/** One sentence on what to change next time, for the failures people hit most. */
export function hintFor(report: JobReport): string | undefined {
  switch (report.outcome) {
    case 'OUT_OF_MEMORY': {
      const peak = report.maxRssBytes === undefined ? 'more than it had' : gib(report.maxRssBytes);
      const asked =
        report.requestedMemoryBytes === undefined
          ? 'the default'
          : gib(report.requestedMemoryBytes);
      return `It peaked at ${peak} of the ${asked} it asked for: request more (--mem) or use less.`;
    }
    case 'TIMEOUT':
      return `It hit its time limit of ${hhmm(report.timeLimitSeconds)}: ask for more (--time) or checkpoint and resume.`;
    case 'NODE_FAIL':
      return `Node ${report.nodes ?? '?'} failed under it: resubmit, perhaps with --exclude=${report.nodes ?? 'NODE'}.`;
    case 'PREEMPTED':
      return 'A higher-priority job took its resources: resubmit, or make it --requeue and checkpoint.';
    case 'CANCELLED':
      return report.cancelledBy ? `Cancelled by ${report.cancelledBy}.` : undefined;
    case 'FAILED':
      if (report.signal) return `Killed by signal ${report.signal}; see the log's last lines.`;
      return report.exitCode
        ? `Exited with code ${report.exitCode}; see the log's last lines.`
        : undefined;
    default:
      return undefined;
  }
}
