import { createHash, randomBytes } from 'node:crypto';

/**
 * The idempotency key of one message on one channel: the same for the same parts (say cluster,
 * job, run) and channel in any process, so enqueueing twice gives one row, and the same on every
 * attempt, so receivers can drop duplicates (sent as `webhook-id`, `Idempotency-Key`, Message-ID).
 */
export function idempotencyKey(parts: readonly string[], channel: string): string {
  const digest = createHash('sha256').update(JSON.stringify([...parts, channel]));
  return `msg_${digest.digest('base64url').slice(0, 32)}`;
}

/** A key for a test message: each test is its own message. */
export function testKey(): string {
  return `msg_test_${randomBytes(16).toString('base64url')}`;
}
