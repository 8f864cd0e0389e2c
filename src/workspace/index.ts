export { openWorkspace, type Workspace, type WorkspaceOptions } from './workspace.js';
export { watchChannels, watchJobs } from './watch-list.js';
export { ingestJobs, trackerIngest } from './tracker-ingest.js';
