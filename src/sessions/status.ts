import { SlurmdeckError } from '../core/errors.js';
import { deriveStatus } from './derive-status.js';
import { PROBE, STOP } from './remote-scripts.js';
import { runRemote, type SessionContext } from './remote.js';
import { parseProbe } from './probe.js';
import type { SessionRow } from './store.js';
import { LIVE_PHASES, type SessionStatus } from './types.js';

export function getRow(ctx: SessionContext, name: string): SessionRow {
  const row = ctx.store.get(name);
  if (!row) {
    throw new SlurmdeckError('SESSION_NOT_FOUND', `no session named "${name}" on ${ctx.cluster}`, {
      hint: '`slurmdeck session list` shows the sessions (and any left from a crash).',
    });
  }
  return row;
}

/**
 * How long a start may take to create its tmux session (START runs with a 30 s timeout):
 * until then a session the login host does not show yet is still connecting, not gone. Else a
 * second start of the name, looking while the first is on its way, would call it gone, release
 * it and take the name, and the first start's allocation would run on unseen.
 */
export const START_GRACE_S = 60;

/**
 * Looks at the session on the login node (one exec; with squeue only while it is not yet
 * ready) and brings the index up to date. Safe to run from two processes at once: everything
 * it writes is derived from the same remote state, and releasing a job twice does no harm.
 */
export async function refreshStatus(
  ctx: SessionContext,
  row: SessionRow,
  options: { squeue?: boolean } = {},
): Promise<SessionStatus> {
  const askSqueue = options.squeue ?? (row.phase !== 'ready' && LIVE_PHASES.includes(row.phase));
  const probe = parseProbe(
    await runRemote(ctx, PROBE, [row.tmux, row.marker, askSqueue ? '1' : '0']),
  );
  const derived = deriveStatus(probe, {
    container: row.options.container,
    createdAt: row.createdAt,
  });
  const now = Math.floor(Date.now() / 1000);
  if (
    (probe.missing || derived.vanished) &&
    row.phase === 'connecting' &&
    now - row.createdAt < START_GRACE_S
  ) {
    return {
      name: row.name,
      cluster: ctx.cluster,
      tmux: row.tmux,
      phase: 'connecting',
      reason: undefined,
      jobId: undefined,
      node: undefined,
      expectedStart: undefined,
      attempt: 1,
      badNodes: [],
      timeline: [
        { phase: 'connecting', at: row.createdAt, seconds: now - row.createdAt, attempt: 1 },
      ],
      attached: false,
    };
  }
  if (probe.missing) {
    derived.phase = 'ended';
    derived.reason = 'the session files on the login host are gone';
    derived.vanished = true;
  }
  for (const bad of derived.badNodes) ctx.store.markBad(bad.node, bad.reason, bad.at);
  let released = row.released;
  if (derived.vanished && !released) {
    // Nothing holds the shell any more: make sure nothing holds the allocation either.
    await runRemote(ctx, STOP, [row.tmux, derived.reason ?? 'ended']);
    released = true;
  }
  ctx.store.update(row.tmux, {
    phase: derived.phase,
    reason: derived.reason,
    jobId: derived.jobId,
    node: derived.node,
    released,
  });
  return {
    name: row.name,
    cluster: ctx.cluster,
    tmux: row.tmux,
    phase: derived.phase,
    reason: derived.reason,
    jobId: derived.jobId ?? row.jobId,
    node: derived.node ?? row.node,
    expectedStart: derived.expectedStart,
    attempt: derived.attempt,
    badNodes: derived.badNodes.map(({ node, reason }) => ({ node, reason })),
    timeline: derived.timeline,
    attached: probe.attached,
  };
}
