import { Hono } from 'hono';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { requireRole } from '../middleware.js';
import { auditQuery, auditResponse } from '../schemas.js';

/**
 * `GET /api/audit` (admin): what was cancelled or spent, by whom, from which face; newest
 * first, narrowed by face, actor or action, a page at a time (`before` = the last id seen).
 */
export function auditRoutes(deps: ServerDeps) {
  const app = new Hono<ServerEnv>();
  app.get('/', requireRole('admin'), (c) => {
    const { limit = 100, before, ...filter } = parseInput(auditQuery, c.req.query(), 'query');
    // One more than asked says whether an older page exists.
    const found = deps.audit.entries(limit + 1, {
      ...filter,
      ...(before === undefined ? {} : { beforeId: before }),
    });
    const entries = found.slice(0, limit);
    const last = entries.at(-1);
    return c.json(
      auditResponse.parse({
        entries: entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
        ...(found.length > limit && last ? { nextBefore: last.id } : {}),
      }),
    );
  });
  return app;
}
