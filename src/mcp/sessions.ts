import { z } from 'zod';
import type { SessionManager, SessionStatus } from '../sessions/index.js';
import type { McpDeps } from './deps.js';
import type { ToolExtra } from './guard.js';
import { sendProgress } from './guard.js';

/** The session manager of a cluster (or the default one), from the shared workspace. */
export function sessionsOf(
  deps: McpDeps,
  cluster?: string,
): { name: string; sessions: SessionManager } {
  return { name: deps.clusterName(cluster), sessions: deps.sessions(cluster) };
}

export const sessionNameArg = z
  .string()
  .min(1)
  .max(40)
  .describe('session name, e.g. "train" (letters, digits, - and _)');

export const statusShape = {
  name: z.string(),
  cluster: z.string(),
  phase: z
    .enum(['connecting', 'queued', 'allocated', 'starting', 'ready', 'failed', 'ended', 'orphaned'])
    .describe('ready: commands can run; failed/ended: start a new one'),
  reason: z.string().optional(),
  jobId: z.string().optional(),
  node: z.string().optional(),
  expectedStart: z.string().optional(),
};

export function statusView(status: SessionStatus) {
  return {
    name: status.name,
    cluster: status.cluster,
    phase: status.phase,
    ...(status.reason ? { reason: status.reason } : {}),
    ...(status.jobId ? { jobId: status.jobId } : {}),
    ...(status.node ? { node: status.node } : {}),
    ...(status.expectedStart ? { expectedStart: status.expectedStart } : {}),
  };
}

export function statusText(status: SessionStatus): string {
  const where = status.jobId
    ? ` (job ${status.jobId}${status.node ? ` on ${status.node}` : ''})`
    : '';
  const why = status.reason ? `: ${status.reason}` : '';
  const next =
    status.phase === 'ready'
      ? ' Run commands with session_exec.'
      : ['failed', 'ended'].includes(status.phase)
        ? ' Start a new session to go on.'
        : ' Not ready yet: call session_status with waitSeconds to keep waiting (cheap).';
  return `session "${status.name}" on ${status.cluster} is ${status.phase}${where}${why}.${next}`;
}

const CHECK_MS = 5000;
const SETTLED = new Set(['ready', 'failed', 'ended', 'orphaned']);

/**
 * Waits (at most `waitMs`) for a session to become ready or to end, checking every 5 s and
 * telling a client with a progress token each phase it passes; returns the last status seen.
 */
export async function waitForSession(
  sessions: SessionManager,
  name: string,
  waitMs: number,
  extra: ToolExtra,
): Promise<SessionStatus> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const status = await sessions.status(name);
    if (SETTLED.has(status.phase) || Date.now() + CHECK_MS > deadline || extra.signal.aborted) {
      return status;
    }
    const elapsed = Math.round((waitMs - (deadline - Date.now())) / 1000);
    await sendProgress(extra, elapsed, waitMs / 1000, `session ${name}: ${status.phase}`);
    await new Promise((resolve) => setTimeout(resolve, CHECK_MS));
  }
}
