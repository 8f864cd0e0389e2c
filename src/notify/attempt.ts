import { parseRetryAfter } from './backoff.js';
import type { BodyVerdict } from './channels/types.js';

/**
 * How one send went, before it is written to the outbox. A server's answer is redacted before it
 * is cut to a snippet; the whole error is redacted again when it is recorded.
 */
export type Attempt =
  | { result: 'sent'; status: number | undefined; detail: string | undefined }
  | { result: 'retry'; status: number | undefined; error: string; retryAfterMs: number | undefined }
  | { result: 'failed'; status: number | undefined; error: string };

const BODY_SNIPPET = 300;

/**
 * What an HTTP answer means for delivery: 2xx is delivered (unless the body says otherwise);
 * 408, 425, 429 and 5xx are worth another try, honouring Retry-After; other 4xx (and redirects,
 * which are not followed) will not get better by retrying.
 */
export function classifyResponse(
  status: number,
  retryAfter: string | null,
  body: string,
  now: number,
  check?: (body: string) => BodyVerdict,
  redact: (text: string) => string = (text) => text,
): Attempt {
  const verdict = check ? check(body) : { ok: true as const };
  // Redacted whole, then cut: a cut first could leave the front half of a secret.
  const snippet = redact(body.trim()).slice(0, BODY_SNIPPET);
  if (status >= 200 && status < 300) {
    if (verdict.ok) return { result: 'sent', status, detail: snippet || undefined };
    const error = `HTTP ${status}: ${verdict.error}`;
    return verdict.retryable
      ? { result: 'retry', status, error, retryAfterMs: parseRetryAfter(retryAfter, now) }
      : { result: 'failed', status, error };
  }
  const error = `HTTP ${status}${snippet ? `: ${snippet}` : ''}`;
  if (
    status === 408 ||
    status === 425 ||
    status === 429 ||
    status >= 500 ||
    (!verdict.ok && verdict.retryable)
  ) {
    return { result: 'retry', status, error, retryAfterMs: parseRetryAfter(retryAfter, now) };
  }
  if (status >= 300 && status < 400) {
    return { result: 'failed', status, error: `HTTP ${status}: redirected (not followed)` };
  }
  return { result: 'failed', status, error };
}

/** A network-level failure in one line: `fetch failed: connect ECONNREFUSED 127.0.0.1:9`. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `timed out (${error.message})`;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/**
 * SMTP: a 5xx reply (bad auth, unknown recipient) is final; 4xx replies and connection trouble
 * are worth another try.
 */
export function classifyMailError(error: unknown): Attempt {
  const record = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  const code = typeof record.responseCode === 'number' ? record.responseCode : undefined;
  const message = describeError(error);
  if (code !== undefined && code >= 500) return { result: 'failed', status: code, error: message };
  if (record.code === 'EAUTH' || record.code === 'EENVELOPE') {
    return { result: 'failed', status: code, error: message };
  }
  return { result: 'retry', status: code, error: message, retryAfterMs: undefined };
}
