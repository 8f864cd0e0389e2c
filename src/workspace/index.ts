export { openWorkspace, type Workspace, type WorkspaceOptions } from './workspace.js';
export { watchChannels, watchJobs } from './watch-list.js';
export { applyJobEnds, followJobEnds, watchRunJob, TRACKER_CONSUMER } from './tracker-jobs.js';
export { ingestJobs, trackerIngest } from './tracker-ingest.js';
export { followCopyEnds } from './copy-ends.js';
export { submitWithTracker, trackerServerUrl } from './tracker-job-env.js';
export { siteHoursAndStorage, siteStorage, siteUsage, type SiteUsage } from './site-quota.js';
export { usageLines } from './site-usage-lines.js';
export { storageLines } from './site-storage-lines.js';
