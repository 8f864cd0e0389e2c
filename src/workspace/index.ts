export { openWorkspace, type Workspace, type WorkspaceOptions } from './workspace.js';
export { watchChannels, watchJobs } from './watch-list.js';
