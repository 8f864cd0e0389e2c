import { isSlurmdeckError } from '../core/errors.js';
import { describeError, type Attempt } from './attempt.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { ChannelKind } from './channel-spec.js';
import type { Credentials } from './credentials.js';
import { parseStoredMessage } from './message.js';
import type { OutboxRow, OutboxState, OutboxStore } from './outbox-store.js';
import { createRedactor } from './redact.js';
import { resolveChannel } from './resolve-channel.js';
import { sendOnce } from './send.js';

/** How one attempt on one row ended. Errors are redacted. */
export interface DeliveryResult {
  id: number;
  key: string;
  channel: string;
  /** The channel's kind, when its spec could be read. */
  kind: ChannelKind | undefined;
  event: string;
  /** The row's state after this attempt: `pending` means it will be tried again. */
  state: OutboxState;
  /** Which attempt this was (1 for the first). */
  attempt: number;
  /** The HTTP status (or SMTP reply code) when there was one. */
  status: number | undefined;
  error: string | undefined;
  /** What the server said on success (e.g. `250 OK`), redacted. */
  detail: string | undefined;
  /** When it will be tried again (ms since the epoch), for pending rows. */
  nextAttemptAt: number | undefined;
}

export interface DeliverContext {
  store: OutboxStore;
  channels: Record<string, string>;
  credentials: Credentials;
  owner: string;
  fetch: typeof globalThis.fetch;
  now: () => number;
  random: () => number;
  timeoutMs: number;
  backoff: BackoffPolicy;
}

/** Sends one claimed row once and records the outcome; never throws for delivery problems. */
export async function deliverRow(context: DeliverContext, row: OutboxRow): Promise<DeliveryResult> {
  const { credentials } = context;
  let secrets = credentials.values();
  let kind: ChannelKind | undefined;
  let attempt: Attempt;
  try {
    const spec = context.channels[row.channel];
    if (spec === undefined) {
      attempt = {
        result: 'failed',
        status: undefined,
        error: `channel "${row.channel}" is no longer in the config`,
      };
    } else {
      const channel = resolveChannel(row.channel, spec, credentials);
      kind = channel.kind;
      secrets = [...secrets, ...channel.secrets];
      attempt = await sendOnce(
        channel,
        {
          key: row.idempotency_key,
          message: parseStoredMessage(row.message),
          createdAt: row.created_at,
        },
        {
          fetch: context.fetch,
          timeoutMs: context.timeoutMs,
          now: context.now(),
          redact: createRedactor(secrets),
        },
      );
    }
  } catch (error) {
    // A misconfigured channel will not fix itself between attempts; anything else might.
    attempt = isSlurmdeckError(error)
      ? { result: 'failed', status: undefined, error: error.message }
      : {
          result: 'retry',
          status: undefined,
          error: describeError(error),
          retryAfterMs: undefined,
        };
  }
  return record(context, row, kind, attempt, createRedactor(secrets));
}

function record(
  context: DeliverContext,
  row: OutboxRow,
  kind: ChannelKind | undefined,
  attempt: Attempt,
  redact: (text: string) => string,
): DeliveryResult {
  const { store, owner } = context;
  const now = context.now();
  const base = {
    id: row.id,
    key: row.idempotency_key,
    channel: row.channel,
    kind,
    event: row.event,
    attempt: row.attempts,
    status: attempt.status,
  };
  if (attempt.result === 'sent') {
    store.markSent(row.id, attempt.status, now);
    const detail = attempt.detail === undefined ? undefined : redact(attempt.detail);
    return { ...base, state: 'sent', error: undefined, detail, nextAttemptAt: undefined };
  }
  const error = redact(attempt.error);
  if (attempt.result === 'retry' && row.attempts < row.max_attempts) {
    const wait =
      attempt.retryAfterMs ?? backoffDelay(row.attempts, context.random, context.backoff);
    const next = now + wait;
    const kept = store.markRetry(row.id, owner, next, attempt.status, error, now);
    return {
      ...base,
      state: 'pending',
      error,
      detail: undefined,
      nextAttemptAt: kept ? next : undefined,
    };
  }
  const final =
    attempt.result === 'retry' ? `gave up after ${row.attempts} attempts: ${error}` : error;
  const kept = store.markFailed(row.id, owner, attempt.status, final, now);
  return {
    ...base,
    state: kept ? 'failed' : 'pending',
    error: final,
    detail: undefined,
    nextAttemptAt: undefined,
  };
}
