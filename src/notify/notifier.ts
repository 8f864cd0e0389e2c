import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { NotifySettings } from '../core/config.js';
import { SlurmdeckError } from '../core/errors.js';
import { resolveChannelNames } from './channel-names.js';
import { writeTransaction, type Db } from '../store/index.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { Credentials } from './credentials.js';
import { deliverRow, type DeliveryResult } from './deliver.js';
import { idempotencyKey, testKey } from './idempotency.js';
import type { Language, NotifyMessage } from './message.js';
import { createOutboxStore, type OutboxRow, type OutboxState } from './outbox-store.js';

export interface NotifierOptions {
  db: Db;
  /** The loaded config (only its `notify` section is read). */
  config: { notify: NotifySettings };
  credentials: Credentials;
  fetch?: typeof globalThis.fetch;
  /** Clock in ms since the epoch (tests move it). */
  now?: () => number;
  /** Uniform in [0, 1), for backoff jitter. */
  random?: () => number;
  /** Attempts before a notification is marked failed; default `notify.maxAttempts` or 8. */
  maxAttempts?: number;
  /** How long a claimed row is ours; must outlast one send. Default 60 s. */
  leaseMs?: number;
  /** Per-send timeout. Default 15 s. */
  timeoutMs?: number;
  backoff?: BackoffPolicy;
}

export interface EnqueueResult {
  id: number;
  key: string;
  channel: string;
  /** False when this message was already in the outbox for this channel. */
  created: boolean;
}

/** An outbox row as the watcher's status and the CLI show it (no secrets are ever stored). */
export interface NotificationView {
  id: number;
  key: string;
  channel: string;
  event: string;
  /** What the message is about, e.g. `job/hpc/4242`. */
  subject: string;
  state: OutboxState;
  attempts: number;
  maxAttempts: number;
  /** ISO time of the next try, for pending rows. */
  nextAttemptAt: string | undefined;
  lastStatus: number | undefined;
  lastError: string | undefined;
  createdAt: string;
  sentAt: string | undefined;
}

export interface Notifier {
  /** The configured language: senders put their messages into it. */
  readonly language: Language;
  /** Stores one notification per channel (default: `notify.defaultChannels`) before any send. */
  enqueue(message: NotifyMessage, channels?: readonly string[]): EnqueueResult[];
  /** The names among `names` that are configured channels (one may be removed after a watch began). */
  known(names: readonly string[]): string[];
  /** Stores `message` as a one-attempt test (event `notify.test`) for `channel`. */
  enqueueTest(channel: string, message: NotifyMessage): EnqueueResult;
  /** Sends what is due (or only `ids`), at most `maxBatch` rows, in parallel. */
  deliverDue(options?: { maxBatch?: number; ids?: readonly number[] }): Promise<DeliveryResult[]>;
  /** When the next pending row may be tried (ms since the epoch), or undefined if none. */
  nextDueAt(): number | undefined;
  list(options?: { state?: OutboxState; limit?: number }): NotificationView[];
}

export const DEFAULT_MAX_ATTEMPTS = 8;

export function createNotifier(options: NotifierOptions): Notifier {
  const store = createOutboxStore(options.db);
  const settings = options.config.notify;
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const leaseMs = options.leaseMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (leaseMs <= timeoutMs) {
    // Else a slow send could lose its row to another deliverer while still sending.
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `leaseMs (${leaseMs}) must exceed timeoutMs (${timeoutMs})`,
    );
  }
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const context = {
    store,
    channels: settings.channels,
    credentials: options.credentials,
    owner,
    fetch: options.fetch ?? globalThis.fetch,
    now,
    random: options.random ?? Math.random,
    timeoutMs,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
  };

  const checkKnown = (names: readonly string[]) => void resolveChannelNames(settings, names);

  const view = (row: OutboxRow): NotificationView => ({
    id: row.id,
    key: row.idempotency_key,
    channel: row.channel,
    event: row.event,
    subject: row.subject,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt:
      row.state === 'pending' ? new Date(row.next_attempt_at).toISOString() : undefined,
    lastStatus: row.last_status ?? undefined,
    lastError: row.last_error ?? undefined,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at === null ? undefined : new Date(row.sent_at).toISOString(),
  });

  return {
    language: settings.language,

    known: (names) => names.filter((name) => settings.channels[name] !== undefined),

    enqueue(message, channels = settings.defaultChannels) {
      checkKnown(channels);
      const body = JSON.stringify(message);
      return writeTransaction(options.db, () =>
        [...new Set(channels)].map((channel) => {
          const key = idempotencyKey(message.dedupe, channel);
          const { row, created } = store.insert(
            {
              key,
              channel,
              event: message.event,
              subject: message.subject,
              message: body,
              maxAttempts,
            },
            now(),
          );
          return { id: row.id, key, channel, created };
        }),
      );
    },

    enqueueTest(channel, message) {
      checkKnown([channel]);
      const key = testKey();
      const test = { ...message, event: 'notify.test' };
      const { row, created } = store.insert(
        {
          key,
          channel,
          event: test.event,
          subject: test.subject,
          message: JSON.stringify(test),
          maxAttempts: 1,
        },
        now(),
      );
      return { id: row.id, key, channel, created };
    },

    async deliverDue({ maxBatch = 20, ids } = {}) {
      const rows = store.claim(owner, now(), leaseMs, maxBatch, ids);
      return Promise.all(rows.map((row) => deliverRow(context, row)));
    },

    nextDueAt: () => store.nextDueAt(),

    list({ state, limit = 100 } = {}) {
      return store.list(state, limit).map(view);
    },
  };
}
