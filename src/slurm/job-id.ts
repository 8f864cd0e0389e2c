import { SlurmdeckError } from '../core/errors.js';

/** `123`, `123_4` (array task) or `123+1` (het component): nothing else reaches a command line. */
const JOB_ID = /^[1-9]\d{0,9}(?:_\d{1,10}|\+\d{1,5})?$/;

export function isJobId(value: string): boolean {
  return JOB_ID.test(value);
}

/** Refuses a malformed job id before any command runs. */
export function assertJobId(value: unknown): string {
  if (typeof value === 'string' && JOB_ID.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  throw new SlurmdeckError('INVALID_ARGUMENT', `not a Slurm job id: ${JSON.stringify(value)}`, {
    hint: 'Give a job id like 123, an array task like 123_4, or a het job component like 123+1.',
  });
}

export function assertJobIds(values: readonly unknown[]): string[] {
  if (values.length === 0) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'no job ids given', {
      hint: 'Give at least one job id.',
    });
  }
  return values.map(assertJobId);
}

// squeue lists an array's pending tasks as one line, `123_[4-9,12]` (`%5` caps how many run).
const PENDING_RANGE = /^[1-9]\d{0,9}_\[\d{1,10}(?:[-,]\d{1,10}){0,50}(?:%\d{1,6})?\]$/;

/** What scancel takes: a job id, or the pending tasks of an array as squeue lists them. */
export function assertCancelIds(values: readonly unknown[]): string[] {
  if (values.length === 0) return assertJobIds(values);
  return values.map((value) =>
    typeof value === 'string' && PENDING_RANGE.test(value) ? value : assertJobId(value),
  );
}
