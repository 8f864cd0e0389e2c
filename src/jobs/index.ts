export type { JobOutcome, JobReport, CompletionRecord } from './types.js';
export { JOB_OUTCOMES } from './types.js';
export { classifyOutcome } from './outcome.js';
export { buildReport, hintFor } from './report.js';
export {
  createWatchStore,
  type WatchStore,
  type WatchedJob,
  type JobEvent,
} from './watch-store.js';
export { createWatcher, type Watcher, type PollResult } from './watcher.js';
export { runWatchLoop, type WatchLoopOptions } from './watch-loop.js';
export { acquirePollerLock, pollerHolder, processOwner, ownerAlive } from './poller-lock.js';
export { pollCluster, type ClusterPollOptions, type NotificationSink } from './cluster-watch.js';
export { createWakeup, type Wakeup } from './wakeup.js';
export { nextPollDelay, failedPollDelay, DEFAULT_INTERVALS } from './intervals.js';
export { completionRecordPath, parseCompletionRecord, runIdForJob } from './completion-path.js';
export { createPushTracker } from './push-tracker.js';
export { sendJobEnd, type HookTarget } from './epilog-hook.js';
export { listenForPushes, watchSpool, verifyPush, type PushReceiver } from './push-receiver.js';
export { pushFromEnvironment, pushId, type JobEndPush } from './job-end-push.js';
export {
  createPollerService,
  type PollerService,
  type PollerServiceOptions,
  type PollerStatus,
} from './poller-service.js';
export { readLogRange, type LogRange } from './log-range.js';
export { pollOrFollow, type PollOrFollowOptions } from './poll-or-follow.js';
export { planCancel, type CancelPlan, type CancelSelection } from './cancel-plan.js';
