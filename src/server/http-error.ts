import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SlurmdeckError, type ErrorCode } from '../core/errors.js';

/** Refusals the HTTP face makes itself, before any library code runs. */
export type FaceErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'PAYLOAD_TOO_LARGE' | 'RATE_LIMITED' | 'INTERNAL';

export type ApiErrorCode = ErrorCode | FaceErrorCode;

/** What every error response carries. */
export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  hint?: string;
}

const faceStatus: Record<FaceErrorCode, ContentfulStatusCode> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

const libraryStatus: Record<ErrorCode, ContentfulStatusCode> = {
  INVALID_ARGUMENT: 400,
  CLUSTER_UNKNOWN: 404,
  JOB_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  CHANNEL_UNKNOWN: 404,
  RUN_NOT_FOUND: 404,
  COPY_NOT_FOUND: 404,
  NOT_PERMITTED: 403,
  CONFIRMATION_REQUIRED: 428,
  CONFIRMATION_INVALID: 409,
  SESSION_EXISTS: 409,
  SESSION_BUSY: 409,
  SESSION_NOT_READY: 409,
  SESSION_ENDED: 410,
  SLURM_REJECTED: 422,
  CHANNEL_INVALID: 422,
  SSH_CONNECT_FAILED: 502,
  SSH_AUTH_FAILED: 502,
  SSH_HOST_KEY: 502,
  SPAWN_FAILED: 502,
  SLURM_PARSE: 502,
  SESSION_REMOTE: 502,
  SLURM_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  ABORTED: 503,
  TIMEOUT: 504,
  CONFIG_INVALID: 500,
  CONFIG_NOT_FOUND: 500,
  CREDENTIALS_INVALID: 500,
  CREDENTIALS_INSECURE: 500,
  DEV_CLUSTER: 500,
  PORT_IN_USE: 500,
};

/** What a client can try when the error carries no hint of its own. */
const fallbackHints: Partial<Record<ApiErrorCode, string>> = {
  UNAUTHENTICATED:
    'Send Authorization: Bearer TOKEN (slurmdeck serve token create NAME), or open the login link serve printed.',
  SSH_CONNECT_FAILED: 'The server cannot reach the cluster: check its network, then retry.',
  SLURM_UNAVAILABLE: 'The controller may be restarting: retry in a minute.',
  TIMEOUT: 'The cluster answered too slowly: retry in a moment.',
  INTERNAL: 'This is a bug in slurmdeck; the server log has the details.',
};

/** An error the HTTP face raises itself: a refused request. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: FaceErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * The one place the HTTP face turns an error into a status and `{code, message, hint}`.
 * Anything that is not a known error becomes a 500 with no detail (the log has it).
 */
export function toErrorResponse(error: unknown): {
  status: ContentfulStatusCode;
  body: ApiErrorBody;
} {
  let body: ApiErrorBody;
  let status: ContentfulStatusCode;
  if (error instanceof ApiError) {
    status = faceStatus[error.code];
    body = { code: error.code, message: error.message };
    if (error.hint) body.hint = error.hint;
  } else if (error instanceof SlurmdeckError) {
    status = libraryStatus[error.code] ?? 500;
    body = { code: error.code, message: error.message };
    if (error.hint) body.hint = error.hint;
  } else {
    status = 500;
    body = { code: 'INTERNAL', message: 'internal error' };
  }
  const hint = body.hint ?? fallbackHints[body.code];
  if (hint) body.hint = hint;
  return { status, body };
}
