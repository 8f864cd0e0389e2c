import { SlurmdeckError } from '../core/errors.js';
import { JOB_STATES, type JobState } from './types.js';

/** User, partition, account, QOS and node names: what Slurm itself accepts, no list syntax. */
const NAME = /^[A-Za-z0-9_.@$-][A-Za-z0-9_.@$+:-]{0,127}$/;

export function assertName(kind: string, value: unknown): string {
  if (typeof value === 'string' && NAME.test(value) && !value.startsWith('-')) return value;
  throw new SlurmdeckError('INVALID_ARGUMENT', `not a valid ${kind}: ${JSON.stringify(value)}`, {
    hint: `Give a single ${kind} name (letters, digits, '_', '-', '.').`,
  });
}

export function assertNames(kind: string, values: readonly unknown[]): string[] {
  return values.map((v) => assertName(kind, v));
}

const STATES = new Set<string>(JOB_STATES);

export function assertStates(values: readonly unknown[]): JobState[] {
  return values.map((v) => {
    if (typeof v === 'string' && STATES.has(v)) return v as JobState;
    throw new SlurmdeckError('INVALID_ARGUMENT', `not a job state: ${JSON.stringify(v)}`, {
      hint: `Use one of ${JOB_STATES.join(', ')}.`,
    });
  });
}

/** Free text that becomes one argv element: no NUL or line breaks, bounded length. */
export function assertText(kind: string, value: unknown, max = 4096): string {
  if (typeof value === 'string' && value !== '' && value.length <= max && !/[\0\n\r]/.test(value)) {
    return value;
  }
  throw new SlurmdeckError('INVALID_ARGUMENT', `invalid ${kind}: ${JSON.stringify(value)}`, {
    hint: `Give a non-empty ${kind} on one line.`,
  });
}
