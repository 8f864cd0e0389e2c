import { SlurmdeckError, type ErrorCode } from '../core/errors.js';

/** Exit codes by kind, so scripts can tell bad input from an unreachable cluster. */
const exitCodes: Partial<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 2,
  SESSION_NOT_FOUND: 2,
  CHANNEL_UNKNOWN: 3,
  CHANNEL_INVALID: 3,
  CREDENTIALS_INVALID: 3,
  CREDENTIALS_INSECURE: 3,
  CONFIG_INVALID: 3,
  CONFIG_NOT_FOUND: 3,
  CLUSTER_UNKNOWN: 3,
  CONFIRMATION_REQUIRED: 4,
  SSH_CONNECT_FAILED: 5,
  SSH_AUTH_FAILED: 5,
  SSH_HOST_KEY: 5,
  SLURM_UNAVAILABLE: 5,
  DATABASE_UNAVAILABLE: 5,
  TIMEOUT: 5,
  PORT_IN_USE: 6,
};

/**
 * The action happened (a job was submitted, and its id printed) but a step after it failed:
 * do not repeat the action.
 */
export const DONE_WITH_WARNING_EXIT_CODE = 7;

/** The one place the CLI turns an error into text: `code: message`, then the hint. */
export function reportError(error: unknown, write: (line: string) => void): number {
  if (error instanceof SlurmdeckError) {
    write(`${error.code}: ${error.message}`);
    if (error.hint) write(`hint: ${error.hint}`);
    return exitCodes[error.code] ?? 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`INTERNAL: ${message}`);
  write('hint: this is a bug in slurmdeck; rerun with SLURMDECK_LOG=debug and report it.');
  return 70;
}
