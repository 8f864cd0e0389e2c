import { Hono } from 'hono';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { requireRole } from '../middleware.js';
import { auditQuery, auditResponse } from '../schemas.js';

/** `GET /api/audit` (admin): what was cancelled or spent, by whom, from which face. */
export function auditRoutes(deps: ServerDeps) {
  const app = new Hono<ServerEnv>();
  app.get('/', requireRole('admin'), (c) => {
    const { limit } = parseInput(auditQuery, c.req.query(), 'query');
    const entries = deps.audit.entries(limit ?? 100);
    return c.json(
      auditResponse.parse({
        entries: entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      }),
    );
  });
  return app;
}
