import { registerSiteQuotaTool } from './site-quota.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../deps.js';
import {
  registerAdminInitTool,
  registerAdminRecoverTool,
  registerAdminRestartTool,
  registerAdminSyncTool,
  registerAdminSshKeyTool,
} from './admin-change-tools.js';
import { registerAdminDoctorTool } from './admin-doctor.js';
import { registerAdminDrainTool, registerAdminResumeTool } from './admin-drain.js';
import { registerAdminStatusTool } from './admin-status.js';
import { registerCancelJobsTool } from './cancel-jobs.js';
import { registerCredentialsStatusTool } from './credentials-status.js';
import { registerDataCopyTool } from './data-copy.js';
import { registerDataStatusTool } from './data-status.js';
import { registerClusterStatusTool } from './cluster-status.js';
import { registerJobDetailsTool } from './job-details.js';
import { registerJobOutputTool } from './job-output.js';
import { registerListClustersTool } from './list-clusters.js';
import { registerListJobsTool } from './list-jobs.js';
import { registerListNodesTool } from './list-nodes.js';
import { registerNotifyTestTool } from './notify-test.js';
import { registerSessionCtrlTool } from './session-ctrl.js';
import { registerSessionExecTool } from './session-exec.js';
import { registerSessionListTool } from './session-list.js';
import { registerSessionReadTool } from './session-read.js';
import { registerSessionSendTool } from './session-send.js';
import { registerSessionStartTool } from './session-start.js';
import { registerSessionStatusTool } from './session-status.js';
import { registerSessionStopTool } from './session-stop.js';
import { registerRunMetricsTool } from './run-metrics.js';
import { registerRunsCompareTool } from './runs-compare.js';
import { registerRunsListTool } from './runs-list.js';
import { registerSiteRouteTool } from './site-route.js';
import { registerSubmitJobTool } from './submit-job.js';
import { registerWaitForEventsTool } from './wait-for-events.js';
import { registerWatchJobsTool } from './watch-jobs.js';

export type RegisterTool = (server: McpServer, deps: McpDeps) => void;

/** Every tool the server offers: a new tool is one file and one line here. */
export const TOOLS: readonly RegisterTool[] = [
  registerListClustersTool,
  registerClusterStatusTool,
  registerListNodesTool,
  registerListJobsTool,
  registerJobDetailsTool,
  registerJobOutputTool,
  registerSubmitJobTool,
  registerCancelJobsTool,
  registerWatchJobsTool,
  registerWaitForEventsTool,
  registerSessionStartTool,
  registerSessionStatusTool,
  registerSessionExecTool,
  registerSessionReadTool,
  registerSessionSendTool,
  registerSessionCtrlTool,
  registerSessionListTool,
  registerSessionStopTool,
  registerNotifyTestTool,
  registerSiteRouteTool,
  registerSiteQuotaTool,
  registerCredentialsStatusTool,
  registerDataCopyTool,
  registerDataStatusTool,
  registerRunsListTool,
  registerRunMetricsTool,
  registerRunsCompareTool,
  registerAdminStatusTool,
  registerAdminDoctorTool,
  registerAdminDrainTool,
  registerAdminResumeTool,
  registerAdminSyncTool,
  registerAdminSshKeyTool,
  registerAdminRestartTool,
  registerAdminRecoverTool,
  registerAdminInitTool,
];

export function registerTools(server: McpServer, deps: McpDeps): void {
  for (const register of TOOLS) register(server, deps);
}
