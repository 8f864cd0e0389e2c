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
