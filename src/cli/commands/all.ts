import type { Command } from 'commander';
import type { OtherFaces } from '../faces.js';
import { registerAdmin } from './admin.js';
import { registerCancel } from './cancel.js';
import { registerDevCluster } from './dev-cluster.js';
import { registerHook } from './hook.js';
import { registerJob } from './job.js';
import { registerJobs } from './jobs.js';
import { registerMcp } from './mcp.js';
import { registerNodes } from './nodes.js';
import { registerNotify } from './notify.js';
import { registerRun } from './run.js';
import { registerRuns } from './runs.js';
import { registerServe } from './serve.js';
import { registerSession } from './session.js';
import { registerSite } from './site.js';
import { registerCred } from './cred.js';
import { registerData } from './data.js';
import { registerStatus } from './status.js';
import { registerSubmit } from './submit.js';
import { registerLog, registerTracker } from './tracker.js';
import { registerWatch } from './watch.js';

/** Every command, in the order `--help` lists them. */
export function registerAll(program: Command, faces: OtherFaces = {}): void {
  registerStatus(program);
  registerNodes(program);
  registerJobs(program);
  registerJob(program);
  registerSubmit(program);
  registerCancel(program);
  registerSession(program);
  registerWatch(program);
  registerHook(program);
  registerRun(program);
  registerLog(program);
  registerTracker(program);
  registerRuns(program);
  registerSite(program);
  registerCred(program);
  registerData(program);
  registerDevCluster(program);
  registerAdmin(program);
  registerNotify(program);
  registerMcp(program, faces.mcp);
  registerServe(program, faces.server, faces.mcp);
}
