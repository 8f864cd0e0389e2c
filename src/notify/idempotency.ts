import { createHash, randomBytes } from 'node:crypto';
import type { JobReport } from '../jobs/types.js';

/**
 * Which end of which run of a job: a requeued job keeps its id but starts again, so the start
 * time tells its runs apart; a job that never started is told apart by its end.
 */
export function runIdentity(report: JobReport): string {
  return report.startedAt ?? report.endedAt ?? '';
}

/**
 * The idempotency key of one job end on one channel: the same for the same (cluster, job, run,
 * channel) in any process, so enqueueing twice gives one row, and the same on every attempt, so
 * receivers can drop duplicates (sent as `webhook-id`, `Idempotency-Key`, mail Message-ID).
 */
export function idempotencyKey(
  cluster: string,
  jobId: string,
  run: string,
  channel: string,
): string {
  const digest = createHash('sha256').update(JSON.stringify([cluster, jobId, run, channel]));
  return `msg_${digest.digest('base64url').slice(0, 32)}`;
}

/** A key for a test message: each test is its own message. */
export function testKey(): string {
  return `msg_test_${randomBytes(16).toString('base64url')}`;
}
