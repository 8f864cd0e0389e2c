import { Hono } from 'hono';
import type { ServerEnv } from '../env.js';
import { requireRole } from '../middleware.js';
import { tokensResponse } from '../schemas.js';
import type { TokenStore } from '../tokens.js';

/** `GET /api/tokens` (admin): names, roles and last use; the tokens themselves are never kept. */
export function tokenRoutes(tokens: TokenStore) {
  const app = new Hono<ServerEnv>();
  app.get('/', requireRole('admin'), (c) =>
    c.json(
      tokensResponse.parse({
        tokens: tokens.list().map((t) => ({
          name: t.name,
          role: t.role,
          createdAt: new Date(t.createdAt).toISOString(),
          lastUsedAt: t.lastUsedAt === undefined ? undefined : new Date(t.lastUsedAt).toISOString(),
        })),
      }),
    ),
  );
  return app;
}
