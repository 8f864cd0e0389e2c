/** Every failure slurmdeck reports carries one of these codes; each face maps them in one place. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'CLUSTER_UNKNOWN'
  | 'INVALID_ARGUMENT'
  | 'SPAWN_FAILED'
  | 'SSH_CONNECT_FAILED'
  | 'SSH_AUTH_FAILED'
  | 'SSH_HOST_KEY'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'SLURM_REJECTED'
  | 'SLURM_UNAVAILABLE'
  | 'SLURM_PARSE'
  | 'JOB_NOT_FOUND'
  | 'NOT_PERMITTED'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_EXISTS'
  | 'SESSION_NOT_READY'
  | 'SESSION_BUSY'
  | 'SESSION_ENDED'
  | 'SESSION_REMOTE'
  | 'CONFIRMATION_REQUIRED'
  /** A confirm token that is unknown, used, expired, or was issued for other arguments. */
  | 'CONFIRMATION_INVALID'
  | 'DEV_CLUSTER'
  | 'CHANNEL_UNKNOWN'
  | 'CHANNEL_INVALID'
  | 'CREDENTIALS_INVALID'
  | 'CREDENTIALS_INSECURE'
  /** No tracker run has this id. */
  | 'RUN_NOT_FOUND'
  /** No data copy started from here has this id. */
  | 'COPY_NOT_FOUND'
  /** The tracker's PostgreSQL database cannot be reached or refused the login. */
  | 'DATABASE_UNAVAILABLE'
  /** A server cannot listen: the address is taken. */
  | 'PORT_IN_USE';

export interface ErrorOptions {
  /** What the user can do about it, in one sentence. */
  hint?: string;
  cause?: unknown;
  data?: Record<string, unknown>;
}

export class SlurmdeckError extends Error {
  override readonly name = 'SlurmdeckError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.data = options.data;
  }
}

export function isSlurmdeckError(value: unknown, code?: ErrorCode): value is SlurmdeckError {
  return value instanceof SlurmdeckError && (code === undefined || value.code === code);
}
