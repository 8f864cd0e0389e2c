import type { AccountingRecord, JobState } from '../slurm/index.js';
import type { CompletionRecord, JobOutcome } from './types.js';

export interface ClassifiedOutcome {
  outcome: JobOutcome;
  exitCode: number | undefined;
  signal: number | undefined;
  cancelledBy: string | undefined;
}

const DIRECT: Partial<Record<JobState, JobOutcome>> = {
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  OUT_OF_MEMORY: 'OUT_OF_MEMORY',
  TIMEOUT: 'TIMEOUT',
  CANCELLED: 'CANCELLED',
  NODE_FAIL: 'NODE_FAIL',
  PREEMPTED: 'PREEMPTED',
  BOOT_FAIL: 'BOOT_FAIL',
  DEADLINE: 'DEADLINE',
  REQUEUED: 'REQUEUED',
};

/**
 * How a job ended, from accounting and (when the `slurmdeck run` wrapper ran) its completion
 * record. Slurm is the authority on why a job stopped (it knows about time limits, OOM kills,
 * node failures); the record knows the exit code of the command when a script swallowed it.
 */
export function classifyOutcome(
  accounting: AccountingRecord,
  record: CompletionRecord | undefined,
): ClassifiedOutcome {
  const base = {
    exitCode: accounting.exitCode,
    signal: accounting.signal || undefined,
    cancelledBy: accounting.cancelledBy,
  };
  // The job may be FAILED or even COMPLETED while a step was killed for memory.
  if (accounting.steps.some((step) => step.state === 'OUT_OF_MEMORY')) {
    return { ...base, outcome: 'OUT_OF_MEMORY' };
  }
  const direct = DIRECT[accounting.state] ?? 'UNKNOWN';
  if (direct === 'COMPLETED' && record && record.outcome !== 'success') {
    // The batch script exited 0 after the wrapped command failed.
    return {
      ...base,
      outcome: 'FAILED',
      exitCode: record.exitCode ?? undefined,
      signal: record.signal ? signalNumber(record.signal) : undefined,
    };
  }
  if (direct === 'FAILED' && record?.exitCode !== undefined && record.exitCode !== null) {
    return { ...base, outcome: 'FAILED', exitCode: record.exitCode };
  }
  return { ...base, outcome: direct };
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGTERM: 15,
};

function signalNumber(name: string): number | undefined {
  return SIGNALS[name.toUpperCase()];
}
