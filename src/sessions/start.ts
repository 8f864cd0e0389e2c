import { SlurmdeckError } from '../core/errors.js';
import { assertSessionName, newMarker, newTmuxName } from './names.js';
import { START } from './remote-scripts.js';
import { runRemote, type SessionContext } from './remote.js';
import { excludeList, srunArgs, usesContainer } from './srun-args.js';
import { refreshStatus } from './status.js';
import type { SessionOptions } from './store.js';
import { LIVE_PHASES, type Phase, type StartRequest } from './types.js';
import { wrapperScript } from './wrapper-script.js';

export interface StartOutcome {
  name: string;
  tmux: string;
  phase: 'connecting';
  srunArgs: string[];
  exclude: string[];
}

/**
 * Starts a session and returns at once: one exec creates the tmux session whose wrapper runs
 * srun. Nodes marked bad on this cluster (and not yet expired) are excluded from the start.
 */
export async function startSession(
  ctx: SessionContext,
  request: StartRequest,
): Promise<StartOutcome> {
  const name = assertSessionName(request.name);
  const existing = ctx.store.get(name);
  // A row the index still calls live may be over on the cluster: look, which records that.
  if (existing && LIVE_PHASES.includes(existing.phase)) {
    const status = await refreshStatus(ctx, existing);
    if (LIVE_PHASES.includes(status.phase)) throw sessionExists(name, status.phase);
  }
  const idle = request.idleReleaseMinutes;
  if (idle !== undefined && !(idle > 0)) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `--idle-release: not a number of minutes: ${idle}`,
      {
        hint: 'Give the minutes of disuse after which the session ends, e.g. 30.',
      },
    );
  }
  const now = Math.floor(Date.now() / 1000);
  const bad = ctx.store.badNodes(now).map((b) => b.node);
  const exclude = excludeList(request.exclude, bad);
  const args = srunArgs(request, { ...ctx.defaults, srunDefaults: ctx.settings.srunDefaults });
  const health = request.healthCommand ?? ctx.settings.healthCommand;
  const options: SessionOptions = {
    srunArgs: args,
    exclude,
    ...(health ? { healthCommand: health } : {}),
    ...(idle ? { idleReleaseMinutes: idle } : {}),
    container: usesContainer(args),
  };
  const tmux = newTmuxName(name);
  const marker = newMarker();
  // In the index before it exists on the cluster: a crash in between leaves a row to clean up,
  // never a billed session nobody knows about. The claim is atomic: of two starts of one name
  // (two processes, or two machines sharing the state file) only one goes on to the cluster.
  const claimed = ctx.store.claim({
    name,
    tmux,
    marker,
    createdAt: now,
    options,
    phase: 'connecting',
    reason: undefined,
    jobId: undefined,
    node: undefined,
    cursor: 0,
    pendingId: undefined,
    pendingOffset: undefined,
    released: false,
  });
  if (!claimed) throw sessionExists(name, ctx.store.get(name)?.phase ?? 'connecting');
  const script = wrapperScript({
    tmux,
    marker,
    srunArgs: args,
    exclude,
    healthCommand: health || undefined,
    maxRetries: ctx.settings.maxRetries,
    idleReleaseSeconds: idle ? Math.round(idle * 60) : 0,
    setup: ctx.setup,
  });
  try {
    await runRemote(ctx, START, [tmux], { stdin: script });
  } catch (error) {
    ctx.store.remove(tmux);
    throw error;
  }
  return { name, tmux, phase: 'connecting', srunArgs: args, exclude };
}

function sessionExists(name: string, phase: Phase): SlurmdeckError {
  return new SlurmdeckError('SESSION_EXISTS', `session "${name}" is already ${phase}`, {
    hint: `Use it, or end it first with \`slurmdeck session stop ${name}\`.`,
  });
}
