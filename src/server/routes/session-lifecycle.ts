import { Hono } from 'hono';
import { showControls } from '../../core/clean-text.js';
import { isSlurmdeckError, SlurmdeckError } from '../../core/errors.js';
import { checkAllocation } from '../../jobs/submit-request.js';
import type { SessionManager } from '../../sessions/index.js';
import { assertSessionName, isOurTmuxName } from '../../sessions/names.js';
import { excludeList, srunArgs } from '../../sessions/srun-args.js';
import { LIVE_PHASES } from '../../sessions/types.js';
import { allocationFromFlags } from '../../slurm/index.js';
import type { Confirmations } from '../../audit/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { jsonBody } from '../json-body.js';
import { requireRole } from '../middleware.js';
import {
  cancelBody,
  clusterName,
  sessionName,
  sessionStartBody,
  sessionStartResponse,
  sessionStopResponse,
} from '../schemas.js';

/** A start of a name that is live already would fail once confirmed: say so before asking. */
async function refuseLiveSession(sessions: SessionManager, name: string): Promise<void> {
  try {
    const { phase } = await sessions.status(name);
    if (!LIVE_PHASES.includes(phase)) return;
    throw new SlurmdeckError('SESSION_EXISTS', `session "${name}" is already ${phase}`, {
      hint: 'Use it (POST .../exec), or stop it first.',
    });
  } catch (error) {
    if (!isSlurmdeckError(error, 'SESSION_NOT_FOUND')) throw error;
  }
}

/**
 * Session start (it allocates, and bills) and stop (it kills the shell): each asks first like
 * submit and cancel, with a single-use token bound to the caller and the exact arguments, and
 * everything that would make it fail is checked before asking.
 */
export function sessionLifecycleRoutes(deps: ServerDeps, confirmations: Confirmations) {
  const app = new Hono<ServerEnv>();
  const cluster = (raw: string) => deps.cluster(parseInput(clusterName, raw, 'path'));

  app.post('/:cluster/sessions', requireRole('operate'), async (c) => {
    const handle = cluster(c.req.param('cluster'));
    const sessions = deps.sessions(handle.name);
    const { confirmToken, ...request } = parseInput(sessionStartBody, await jsonBody(c), 'body');
    assertSessionName(request.name);
    excludeList(request.exclude);
    // The very flags srun gets (site preset first, then the request): what will be held.
    const flags = srunArgs(request, {
      ...handle.config.defaults,
      srunDefaults: handle.config.sessions.srunDefaults,
    });
    await checkAllocation(handle.slurm, allocationFromFlags(flags));
    await refuseLiveSession(sessions, request.name);
    const release = [
      'it is stopped',
      'its time limit',
      ...(request.idleReleaseMinutes ? [`${request.idleReleaseMinutes} min unused`] : []),
    ].join(', ');
    // What the caller says yes to shows every control character: a `\r` cannot hide what runs.
    const summary = showControls(
      deps.redact(
        `Start session "${request.name}" on cluster ${handle.name}: one shell on a compute node (srun ${flags.join(' ')}). It holds, and bills, what these flags ask for until ${release}.`,
      ),
    );
    const principal = c.get('principal');
    const binding = {
      action: 'session.start',
      principal: principal.name,
      args: { cluster: handle.name, ...request },
    };
    if (confirmToken === undefined) {
      const { token, expiresAt } = confirmations.issue(binding);
      return c.json(
        sessionStartResponse.parse({
          cluster: handle.name,
          name: request.name,
          status: 'confirmation_required',
          summary,
          confirmToken: token,
          expiresAt,
        }),
      );
    }
    confirmations.consume(confirmToken, binding);
    await deps.audit.run(
      {
        actor: principal.name,
        action: 'session.start',
        cluster: handle.name,
        target: { name: request.name, srunArgs: flags },
        confirmedVia: 'token',
      },
      () => sessions.start(request),
    );
    const status = await sessions.status(request.name);
    deps.log.info(`serve: ${principal.name} started session ${request.name} on ${handle.name}`);
    return c.json(
      sessionStartResponse.parse({
        cluster: handle.name,
        name: request.name,
        status: 'started',
        summary,
        phase: status.phase,
        jobId: status.jobId,
      }),
      201,
    );
  });

  app.post('/:cluster/sessions/:name/stop', requireRole('operate'), async (c) => {
    const handle = cluster(c.req.param('cluster'));
    const name = parseInput(sessionName, c.req.param('name'), 'path');
    const sessions = deps.sessions(handle.name);
    const { confirmToken } = parseInput(cancelBody, await jsonBody(c, true), 'body');
    let what = `session "${name}"`;
    try {
      const s = await sessions.status(name);
      what = `session "${name}" (${s.phase}${s.jobId ? `, job ${s.jobId}` : ''}${s.node ? ` on ${s.node}` : ''})`;
    } catch (error) {
      // An orphan is known only by its tmux name; any other unknown name would fail once
      // confirmed: say so before asking.
      if (!isSlurmdeckError(error, 'SESSION_NOT_FOUND') || !isOurTmuxName(name)) throw error;
    }
    const summary = `Stop ${what} on cluster ${handle.name}: whatever runs in its shell is killed and its allocation released. This cannot be undone.`;
    const principal = c.get('principal');
    const binding = {
      action: 'session.stop',
      principal: principal.name,
      args: { cluster: handle.name, name },
    };
    if (confirmToken === undefined) {
      const { token, expiresAt } = confirmations.issue(binding);
      return c.json(
        sessionStopResponse.parse({
          cluster: handle.name,
          name,
          status: 'confirmation_required',
          summary,
          released: [],
          left: [],
          confirmToken: token,
          expiresAt,
        }),
      );
    }
    confirmations.consume(confirmToken, binding);
    const outcome = await deps.audit.run(
      {
        actor: principal.name,
        action: 'session.stop',
        cluster: handle.name,
        target: { name },
        confirmedVia: 'token',
      },
      () => sessions.stop(name),
    );
    deps.log.info(`serve: ${principal.name} stopped session ${name} on ${handle.name}`);
    return c.json(
      sessionStopResponse.parse({
        cluster: handle.name,
        name,
        status: 'stopped',
        summary,
        released: outcome.jobId ? [outcome.jobId] : [],
        left: outcome.left,
      }),
    );
  });

  return app;
}
