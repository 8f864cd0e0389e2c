export { openWorkspace, type Workspace, type WorkspaceOptions } from './workspace.js';
export { watchChannels, watchJobs } from './watch-jobs.js';
