import { pidAlive } from '../core/pid-alive.js';
import { allocationOf } from '../jobs/submit-request.js';
import { parseDuration, type SubmitRequest, type SubmitResult } from '../slurm/index.js';
import { createJobTokens } from '../tracker/index.js';
import type { Workspace } from './workspace.js';

const LOOPBACK = /^(127\.|localhost$|\[::1\]$|::1$)/;

/**
 * Where the running `slurmdeck serve` of this state database listens (its `serve_address`
 * row), unless only this machine can reach it: a compute node could not.
 */
function runningServerUrl(ws: Workspace): string | undefined {
  let row: { url: string; pid: number } | undefined;
  try {
    row = ws.db.prepare('SELECT url, pid FROM serve_address WHERE id = 1').get() as typeof row;
  } catch {
    return undefined; // no server ever ran here
  }
  if (!row || !pidAlive(row.pid)) return undefined;
  return LOOPBACK.test(new URL(row.url).hostname) ? undefined : row.url;
}

/** The server jobs log to: `tracker.url` in the config, else the running server's address. */
export function trackerServerUrl(ws: Workspace): string | undefined {
  const configured = ws.config().tracker.url;
  return (configured ?? runningServerUrl(ws))?.replace(/\/+$/, '');
}

function limitMs(request: SubmitRequest, scriptText: string | undefined): number | undefined {
  const time = allocationOf(request, scriptText).time;
  const seconds = typeof time === 'string' ? parseDuration(time) : undefined;
  return typeof seconds === 'number' ? seconds * 1000 : undefined;
}

/**
 * sbatch for every face (CLI, MCP, HTTP): when a server takes tracker data, the job gets
 * SLURMDECK_URL, SLURMDECK_CLUSTER and a job token of its own (SLURMDECK_TOKEN) that can only
 * write tracker runs and expires after the job's time limit; passed through sbatch's
 * environment, never its command line. Without a server the job logs to the spool as before.
 */
export async function submitWithTracker(
  ws: Workspace,
  handle: { name: string; slurm: { submit(request: SubmitRequest): Promise<SubmitResult> } },
  request: SubmitRequest,
  scriptText?: string,
): Promise<SubmitResult> {
  let url: string | undefined;
  try {
    url = trackerServerUrl(ws);
  } catch (error) {
    ws.log.warn(`tracker: no server address for jobs: ${String(error)}`);
  }
  if (url === undefined) return handle.slurm.submit(request);
  const tokens = createJobTokens(ws.db);
  const { id, token } = tokens.issue(handle.name, limitMs(request, scriptText));
  const secretEnv = {
    ...request.secretEnv,
    SLURMDECK_URL: url,
    SLURMDECK_TOKEN: token,
    SLURMDECK_CLUSTER: handle.name,
  };
  try {
    const result = await handle.slurm.submit({ ...request, secretEnv });
    tokens.bind(id, result.jobId);
    return result;
  } catch (error) {
    tokens.revoke(id);
    throw error;
  }
}
