import type { NotifyMessage } from '../message.js';
import type { ResolvedChannel } from '../resolve-channel.js';

/** One notification on its way to one channel: the same on every attempt but for timestamps. */
export interface Outgoing {
  /** The idempotency key: the same on every attempt. */
  key: string;
  message: NotifyMessage;
  /** When it was enqueued (ms since the epoch). */
  createdAt: number;
}

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Feishu, DingTalk, WeCom and xxtui answer 200 and put their error in the body. */
export type BodyVerdict = { ok: true } | { ok: false; retryable: boolean; error: string };

export interface HttpChannel {
  /** The request for one attempt; `now` (ms) feeds the signatures that carry a timestamp. */
  build(channel: ResolvedChannel, outgoing: Outgoing, now: number): HttpRequest;
  /** Judges the body of a 2xx answer; without it any 2xx is a delivery. */
  check?(body: string): BodyVerdict;
}

export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'user-agent': 'slurmdeck',
} as const;

/** Reads `{ [codeField]: number, [messageField]: string }` answers; `retryable` codes are limits. */
export function checkCode(
  body: string,
  codeField: string,
  messageField: string,
  retryable: readonly number[],
): BodyVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: true }; // not JSON: nothing says it failed
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: true };
  const record = parsed as Record<string, unknown>;
  const code = record[codeField];
  if (code === undefined || code === 0 || code === '0') return { ok: true };
  const text = typeof record[messageField] === 'string' ? ` ${String(record[messageField])}` : '';
  return {
    ok: false,
    retryable: retryable.includes(Number(code)),
    error: `${codeField} ${String(code)}${text}`,
  };
}
