import { Hono, type Context } from 'hono';
import type { AuditAction, AuditTarget } from '../../audit/index.js';
import { cleanTerminalText } from '../../core/clean-text.js';
import type { ExecOutcome, ReadOutcome } from '../../sessions/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { jsonBody } from '../json-body.js';
import { requireRole } from '../middleware.js';
import {
  clusterName,
  sessionCtrlBody,
  sessionExecBody,
  sessionInputResponse,
  sessionName,
  sessionOutputQuery,
  sessionOutputResponse,
  sessionSendBody,
  sessionStatusResponse,
  sessionsResponse,
} from '../schemas.js';

const DEFAULT_OUTPUT_BYTES = 16 * 1024;

/**
 * Sessions (persistent shells on compute nodes): list, status and output for every role;
 * running commands and typing into them for operate. Start and stop ask first: see
 * session-lifecycle.ts.
 */
export function sessionRoutes(deps: ServerDeps) {
  const app = new Hono<ServerEnv>();
  const of = (rawCluster: string, rawName?: string) => {
    const { name: cluster } = deps.cluster(parseInput(clusterName, rawCluster, 'path'));
    const name = rawName === undefined ? '' : parseInput(sessionName, rawName, 'path');
    return { cluster, name, sessions: deps.sessions(cluster) };
  };
  const output = (cluster: string, name: string, outcome: ExecOutcome | ReadOutcome) =>
    sessionOutputResponse.parse({
      cluster,
      name,
      output: deps.redact(cleanTerminalText(outcome.output)),
      exitCode: outcome.exitCode,
      running: outcome.running,
      more: outcome.more,
      cursor: outcome.cursor,
    });

  app.get('/:cluster/sessions', async (c) => {
    const { cluster, sessions } = of(c.req.param('cluster'));
    const list = (await sessions.list()).map((s) => ({
      ...s,
      name: s.phase === 'orphaned' ? s.tmux : s.name,
    }));
    return c.json(sessionsResponse.parse({ cluster, sessions: list }));
  });

  app.get('/:cluster/sessions/:name', async (c) => {
    const { name, sessions } = of(c.req.param('cluster'), c.req.param('name'));
    return c.json(sessionStatusResponse.parse(await sessions.status(name)));
  });

  app.get('/:cluster/sessions/:name/output', async (c) => {
    const { cluster, name, sessions } = of(c.req.param('cluster'), c.req.param('name'));
    const query = parseInput(sessionOutputQuery, c.req.query(), 'query');
    const outcome = await sessions.read(name, {
      ...(query.cursor === undefined ? {} : { since: query.cursor }),
      waitMs: (query.wait ?? 0) * 1000,
      maxBytes: query.maxBytes ?? DEFAULT_OUTPUT_BYTES,
      ...(query.peek ? { peek: true } : {}),
    });
    return c.json(output(cluster, name, outcome));
  });

  // Everything a user does through the API is in the audit log, under their token's name.
  const audited = <T>(
    c: Context<ServerEnv>,
    action: AuditAction,
    cluster: string,
    target: AuditTarget,
    act: () => Promise<T>,
  ) =>
    deps.audit.run(
      { actor: c.get('principal').name, action, cluster, target, confirmedVia: 'not-needed' },
      act,
    );

  app.post('/:cluster/sessions/:name/exec', requireRole('operate'), async (c) => {
    const { cluster, name, sessions } = of(c.req.param('cluster'), c.req.param('name'));
    const body = parseInput(sessionExecBody, await jsonBody(c), 'body');
    // The command is the user's content: the log says that one ran, and how long it was.
    const outcome = await audited(
      c,
      'session.exec',
      cluster,
      { name, bytes: body.command.length },
      () =>
        sessions.exec(name, body.command, {
          timeoutMs: (body.timeoutSeconds ?? 25) * 1000,
          maxBytes: body.maxBytes ?? DEFAULT_OUTPUT_BYTES,
        }),
    );
    return c.json(output(cluster, name, outcome));
  });

  app.post('/:cluster/sessions/:name/send', requireRole('operate'), async (c) => {
    const { cluster, name, sessions } = of(c.req.param('cluster'), c.req.param('name'));
    const body = parseInput(sessionSendBody, await jsonBody(c), 'body');
    const { cursor } = await audited(
      c,
      'session.send',
      cluster,
      { name, bytes: body.text.length },
      () =>
        sessions.send(name, body.text, {
          ...(body.enter === undefined ? {} : { enter: body.enter }),
        }),
    );
    return c.json(sessionInputResponse.parse({ cluster, name, cursor }));
  });

  app.post('/:cluster/sessions/:name/ctrl', requireRole('operate'), async (c) => {
    const { cluster, name, sessions } = of(c.req.param('cluster'), c.req.param('name'));
    const { key } = parseInput(sessionCtrlBody, await jsonBody(c), 'body');
    const { cursor } = await audited(c, 'session.ctrl', cluster, { name, key }, () =>
      sessions.ctrl(name, key),
    );
    return c.json(sessionInputResponse.parse({ cluster, name, cursor }));
  });

  return app;
}
