import { Hono } from 'hono';
import type { ServerEnv } from '../env.js';
import { requireRole } from '../middleware.js';
import { tokensResponse } from '../schemas.js';
import type { TokenStore } from '../tokens.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNone = (ms: number | undefined) => (ms === undefined ? undefined : iso(ms));

/**
 * `GET /api/tokens` (admin): API tokens' names, roles and last use, and the jobs' tracker
 * tokens with their job and expiry; the tokens themselves are never kept.
 */
export function tokenRoutes(tokens: TokenStore) {
  const app = new Hono<ServerEnv>();
  app.get('/', requireRole('admin'), (c) =>
    c.json(
      tokensResponse.parse({
        tokens: tokens.list().map((t) => ({
          name: t.name,
          role: t.role,
          createdAt: iso(t.createdAt),
          lastUsedAt: isoOrNone(t.lastUsedAt),
        })),
        jobTokens: tokens.listJobs().map((t) => ({
          name: t.name,
          cluster: t.cluster,
          jobId: t.jobId,
          createdAt: iso(t.createdAt),
          firstUsedAt: isoOrNone(t.firstUsedAt),
          expiresAt: iso(t.expiresAt),
          lastUsedAt: isoOrNone(t.lastUsedAt),
        })),
      }),
    ),
  );
  return app;
}
