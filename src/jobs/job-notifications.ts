import type { Logger } from '../core/logger.js';
import {
  runDeliveryLoop,
  startDeliveryLoop,
  type DeliveryLoop,
  type DeliveryResult,
  type NotificationView,
  type Notifier,
} from '../notify/index.js';
import { jobOfSubject, renderJobMessage } from './report/job-message.js';
import type { JobReport } from './types.js';

/**
 * Queues a job's report for its channels, in the notifier's language. A channel removed from the
 * config since the watch began is skipped, and said, not fatal.
 */
export function enqueueJobEnd(
  notifier: Notifier,
  report: JobReport,
  channels: readonly string[],
  log: Logger,
): void {
  const known = notifier.known(channels);
  const dropped = channels.filter((c) => !known.includes(c));
  if (dropped.length > 0)
    log.warn(`job ${report.jobId}: no channel named ${dropped.join(', ')} any more`);
  if (known.length > 0) notifier.enqueue(renderJobMessage(report, notifier.language), known);
}

const warnUnsent = (log: Logger) => (results: DeliveryResult[]) => {
  for (const result of results) {
    if (result.state !== 'sent')
      log.warn(`notification to ${result.channel}: ${result.error ?? result.state}`);
  }
};

/** A poller's delivery: kicked after each poll, it also retries each row when it comes due. */
export function startJobDelivery(notifier: Notifier, log: Logger): DeliveryLoop {
  return startDeliveryLoop(notifier, {
    onResults: warnUnsent(log),
    onError: (error) => log.warn(`notifications wait for the next round: ${String(error)}`),
  });
}

/** An outbox row with the job it is about, for listings of watched jobs. */
export type JobNotificationView = NotificationView & { cluster: string; jobId: string };

export function withJob(view: NotificationView): JobNotificationView {
  const job = jobOfSubject(view.subject);
  return { ...view, cluster: job?.cluster ?? '', jobId: job?.jobId ?? '' };
}

/**
 * Before a foreground watch exits: send what its jobs' ends queued, retrying as the outbox
 * says, for at most `maxMs`; what is left stays in the outbox for the next watcher.
 */
export async function drainJobNotifications(
  notifier: Notifier,
  jobIds: ReadonlySet<string> | undefined,
  log: Logger,
  maxMs = 120_000,
  signal?: AbortSignal,
): Promise<number> {
  const pending = () =>
    notifier
      .list({ state: 'pending', limit: 1000 })
      .map(withJob)
      .filter((n) => !jobIds || jobIds.has(n.jobId));
  const end = await runDeliveryLoop(notifier, {
    until: () => pending().length === 0,
    deadline: Date.now() + maxMs,
    onResults: warnUnsent(log),
    ...(signal ? { signal } : {}),
  });
  const left = pending().length;
  if (end === 'deadline') {
    log.warn(`${left} notification(s) still to send; the next \`slurmdeck watch\` retries them`);
  }
  return left;
}
