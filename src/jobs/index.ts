export type { JobOutcome, JobReport, CompletionRecord } from './types.js';
export { JOB_OUTCOMES } from './types.js';
export { classifyOutcome } from './outcome.js';
export { buildReport, hintFor } from './report.js';
export { createWatchStore, type WatchStore, type WatchedJob } from './watch-store.js';
export { jobEventOf, JOB_EVENTS, type JobEvent, type JobEventKind } from './job-events.js';
export { activeWatches } from './active-watches.js';
export { createJobPoller, type JobPoller, type PollResult } from './job-poller.js';
export { runPollLoop, type PollLoopOptions } from './poll-loop.js';
export { acquirePollerLock, pollerHolder, processOwner, ownerAlive } from './poller-lock.js';
export { pollCluster, type ClusterPollOptions } from './cluster-poller.js';
export {
  enqueueJobEnd,
  drainJobNotifications,
  withJob,
  type JobNotificationView,
} from './job-notifications.js';
export { renderJobMessage, jobSubject, jobOfSubject, severityOf } from './report/job-message.js';
export { sampleReport, testMessage } from './report/sample.js';
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
export { jobOutputPath } from './output-path.js';
export { pollOrFollow, type PollOrFollowOptions } from './poll-or-follow.js';
export { planCancel, type CancelPlan, type CancelSelection } from './cancel-plan.js';
export { endReportOf } from './end-report.js';
export {
  resubmitFromAccounting,
  resubmitFromController,
  type Resubmit,
  type ResubmitNote,
  type ResubmitOptions,
} from './resubmit-options.js';
