import type { Logger } from '../core/logger.js';
import type { Notifier } from '../notify/index.js';

/**
 * Before a foreground watch exits: send what its jobs' ends queued, retrying as the outbox
 * says, for at most `maxMs`; what is left stays in the outbox for the next watcher.
 */
export async function drainNotifications(
  notifier: Notifier,
  jobIds: ReadonlySet<string> | undefined,
  log: Logger,
  maxMs = 120_000,
  signal?: AbortSignal,
): Promise<number> {
  const deadline = Date.now() + maxMs;
  const pending = () =>
    notifier.list({ state: 'pending', limit: 1000 }).filter((n) => !jobIds || jobIds.has(n.jobId));
  while (!signal?.aborted) {
    for (const result of await notifier.deliverDue()) {
      if (result.state !== 'sent')
        log.warn(`notification to ${result.channel}: ${result.error ?? result.state}`);
    }
    const left = pending();
    if (left.length === 0) return 0;
    const next = notifier.nextDueAt() ?? Date.now() + 1000;
    if (next > deadline) {
      log.warn(
        `${left.length} notification(s) still to send; the next \`slurmdeck watch\` retries them`,
      );
      return left.length;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(200, next - Date.now())));
  }
  return pending().length;
}
