import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { SlurmdeckError } from '../../core/errors.js';
import type { SessionTerminal } from '../../sessions/index.js';
import { LIVE_PHASES } from '../../sessions/types.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { ApiError } from '../http-error.js';
import { parseInput } from '../input.js';
import { requireRole } from '../middleware.js';
import { clusterName, sessionName, terminalQuery } from '../schemas.js';

/** The one control message a client sends, as a text frame; typed bytes go as binary frames. */
const controlMessage = z.object({
  type: z.literal('resize'),
  cols: z.number().int(),
  rows: z.number().int(),
});

/** Close codes the browser can tell apart: the session's side ended, or attaching failed. */
export const TERMINAL_CLOSE = { ended: 1000, failed: 1011 } as const;

/**
 * A live terminal on a session over a WebSocket: the very tmux pane its shell lives in on the
 * login host. Binary frames both ways are the terminal's bytes; a text frame
 * `{"type":"resize","cols":C,"rows":R}` resizes it. Closing the socket only detaches.
 */
export function sessionTerminalRoutes(deps: ServerDeps) {
  const app = new Hono<ServerEnv>();
  app.get(
    '/:cluster/sessions/:name/terminal',
    requireRole('operate'),
    async (c, next) => {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        throw new SlurmdeckError('INVALID_ARGUMENT', 'this route speaks WebSocket only', {
          hint: 'Open it with a WebSocket client (new WebSocket(url) in a browser).',
        });
      }
      // Browsers always send Origin on a WebSocket; a cookie without one did not come from a page.
      if (c.get('principal').via === 'session' && c.req.header('origin') === undefined) {
        throw new ApiError('FORBIDDEN', 'a browser WebSocket without an Origin header is refused');
      }
      await next();
    },
    upgradeWebSocket(async (c) => {
      const { name: cluster } = deps.cluster(
        parseInput(clusterName, c.req.param('cluster'), 'path'),
      );
      const name = parseInput(sessionName, c.req.param('name'), 'path');
      const size = parseInput(terminalQuery, c.req.query(), 'query');
      const sessions = deps.sessions(cluster);
      // Refused before the upgrade, so a client sees 404 or 410 rather than a closed socket.
      const { phase } = await sessions.status(name);
      if (!LIVE_PHASES.includes(phase)) {
        throw new SlurmdeckError('SESSION_ENDED', `session "${name}" is ${phase}`, {
          hint: 'Start it again (POST .../sessions) to get a new shell.',
        });
      }
      const actor = c.get('principal').name;
      let closed = false;
      let attached: Promise<SessionTerminal> | undefined;
      // What arrives while tmux attaches waits for it, in order (then-callbacks run in order).
      const withTerminal = (use: (terminal: SessionTerminal) => void) =>
        void attached?.then(use, () => undefined);
      return {
        onOpen(_event, ws) {
          attached = deps.audit.run(
            {
              actor,
              action: 'session.attach',
              cluster,
              target: { name },
              confirmedVia: 'not-needed',
            },
            () => sessions.terminal(name, size),
          );
          attached.then(
            (terminal) => {
              if (closed) return terminal.close();
              terminal.onOutput((bytes) => ws.send(bytes as Uint8Array<ArrayBuffer>));
              void terminal.closed.then(() => ws.close(TERMINAL_CLOSE.ended, 'detached'));
            },
            (error: unknown) => {
              deps.log.warn(`serve: terminal on ${name}: ${String(error)}`);
              ws.close(TERMINAL_CLOSE.failed, 'cannot attach to the session');
            },
          );
        },
        onMessage(event, ws) {
          if (typeof event.data !== 'string') {
            const bytes = new Uint8Array(event.data as ArrayBuffer);
            return withTerminal((terminal) => terminal.write(bytes));
          }
          const message = controlMessage.safeParse(safeJson(event.data));
          if (!message.success) return ws.close(1003, 'unknown control message');
          withTerminal((terminal) => {
            try {
              terminal.resize(message.data);
            } catch {
              ws.close(1003, 'not a terminal size');
            }
          });
        },
        onClose() {
          closed = true;
          withTerminal((terminal) => terminal.close());
        },
      };
    }),
  );
  return app;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
