import { Hono } from 'hono';
import type { Workspace } from '../workspace/index.js';
import type { ServerEnv } from './env.js';
import { authenticateToken, requireRole } from './middleware.js';
import type { TokenStore } from './tokens.js';

/** The MCP endpoint serve mounts at /mcp; the process entry makes it (src/server never imports src/mcp). */
export interface McpEndpoint {
  /**
   * `caller` is the API token's name (the audit log's actor, and what confirm tokens bind to)
   * and its role (the admin tools need admin).
   */
  fetch(request: Request, caller: { name: string; role: string }): Promise<Response>;
  close(): Promise<void>;
}

/** Makes the endpoint on serve's own workspace, so MCP and the API share one DB and one poller. */
export type McpEndpointFactory = (workspace: Workspace) => McpEndpoint;

/** The token role /mcp needs: its tools submit and cancel (after confirmation), as `operate` may. */
export const MCP_ROLE = 'operate';

/**
 * MCP at /mcp: an API token of role operate or above, never the browser's cookie (agents use
 * tokens). Host and Origin are checked by the app's guard; MCP keeps its own 4 MB body limit (413).
 */
export function mcpRoutes(endpoint: McpEndpoint, tokens: TokenStore): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  app.use('*', authenticateToken(tokens));
  app.use('*', requireRole(MCP_ROLE));
  app.all('/', (c) => {
    const { name, role } = c.get('principal');
    return endpoint.fetch(c.req.raw, { name, role });
  });
  return app;
}
