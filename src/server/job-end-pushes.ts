import { listenForPushes, watchSpool, type JobEndPush } from '../jobs/index.js';
import type { ServerDeps } from './deps.js';

export interface PushOptions {
  /** Where `slurmdeck hook epilog --url` posts, e.g. 10.0.0.5:8765 (port 0 picks one). */
  listen?: { host: string; port: number };
  /** The Standard Webhooks secret pushes are signed with (needed with `listen`). */
  secret?: string;
  /** A folder the hook drops pushes in (`hook epilog --spool`). */
  spoolDir?: string;
}

export interface PushReceivers {
  /** Where pushes are taken over HTTP, when listening. */
  address: string | undefined;
  close(): Promise<void>;
}

/**
 * The epilog push receivers of `serve` (the ones `slurmdeck watch` runs): a job's end wakes the
 * shared poller of each cluster watching it, so the job's report, and its runs' end, follow in
 * seconds instead of at the next poll.
 */
export async function startPushReceivers(
  deps: ServerDeps,
  options: PushOptions,
): Promise<PushReceivers> {
  const onPush = (push: JobEndPush) => {
    // The push names Slurm's cluster, which may differ from the configured name: the id decides.
    const woken = deps.pollers.pushed(push.jobId);
    if (woken.length > 0) deps.log.info(`serve: job ${push.jobId} ended (pushed); polling now`);
  };
  const closers: Array<() => Promise<void> | void> = [];
  let address: string | undefined;
  if (options.listen) {
    const receiver = await listenForPushes(options.listen, options.secret ?? '', onPush);
    address = receiver.address;
    closers.push(() => receiver.close());
  }
  if (options.spoolDir) {
    const spool = watchSpool(options.spoolDir, onPush);
    closers.push(() => spool.close());
  }
  return {
    address,
    close: async () => void (await Promise.all(closers.map((close) => close()))),
  };
}
