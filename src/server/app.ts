import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { packageVersion } from '../core/version.js';
import { createClusterViews, type ClusterViews } from './cluster-views.js';
import type { StaticFile } from './dashboard-files.js';
import type { ServerDeps } from './deps.js';
import type { ServerEnv } from './env.js';
import { ApiError, toErrorResponse } from './http-error.js';
import { createLiveViews, type LiveViews } from './live-views.js';
import type { Logins } from './login.js';
import { authenticate, guard, requireReadOrJobRoute, securityHeaders } from './middleware.js';
import { mcpRoutes, type McpEndpoint, type McpEndpointFactory } from './mcp-mount.js';
import { openApiDocument } from './openapi.js';
import { createRateLimit } from './rate-limit.js';
import type { GuardPolicy } from './request-guard.js';
import { adminRoutes, type OpenAdmin } from './routes/admin.js';
import { auditRoutes } from './routes/audit.js';
import { clusterRoutes } from './routes/clusters.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { eventRoutes } from './routes/events.js';
import { jobActionRoutes } from './routes/job-actions.js';
import { jobOutputRoutes } from './routes/job-output.js';
import { jobResubmitRoutes } from './routes/job-resubmit.js';
import { loginRoutes, logoutRoute } from './routes/login.js';
import { notificationRoutes } from './routes/notifications.js';
import { sessionLifecycleRoutes } from './routes/session-lifecycle.js';
import { sessionTerminalRoutes } from './routes/session-terminal.js';
import { sessionRoutes } from './routes/sessions.js';
import { tokenRoutes } from './routes/tokens.js';
import { trackerRoutes } from './routes/tracker.js';
import { watchRoutes } from './routes/watch.js';
import { siteRoutes } from './routes/sites.js';
import type { TokenStore } from './tokens.js';
import { createViewCache } from './view-cache.js';

export interface AppOptions {
  deps: ServerDeps;
  tokens: TokenStore;
  logins: Logins;
  guard: GuardPolicy;
  /** Served over TLS: cookies get `Secure`. */
  secureCookies?: boolean;
  /**
   * Behind a TLS-terminating reverse proxy: a login that arrived with `X-Forwarded-Proto: https`
   * gets a `Secure` cookie. Only with this set is the header believed (anyone can send it).
   */
  trustProxy?: boolean;
  dashboard?: ReadonlyMap<string, StaticFile>;
  /** How long a shared view is served before Slurm is asked again (default 3 s). */
  viewMaxAgeMs?: number;
  /** How often watched clusters' views are refreshed for event streams (default 5 s). */
  liveIntervalMs?: number;
  eventPollMs?: number;
  heartbeatMs?: number;
  maxBodyBytes?: number;
  /** The cap on one tracker batch request (default 64 MiB). */
  maxBatchBytes?: number;
  /** Login attempts per client address per minute. */
  loginAttemptsPerMinute?: number;
  shutdown?: AbortSignal;
  /** MCP at /mcp on this app's workspace (made by the process entry; see mcp-mount.ts). */
  mcp?: McpEndpointFactory;
  /** How admin routes reach a cluster's controller and nodes (default: the admin's own ssh). */
  openAdmin?: OpenAdmin;
}

export interface ServerApp {
  app: Hono<ServerEnv>;
  views: ClusterViews;
  live: LiveViews;
  /** The mounted MCP endpoint, to close on stop. */
  mcp?: McpEndpoint;
}

/** The whole HTTP face as one Hono app: testable with `app.request()`, served by serve.ts. */
export function createServerApp(options: AppOptions): ServerApp {
  const { deps } = options;
  const views = createClusterViews(
    deps,
    createViewCache({ maxAgeMs: options.viewMaxAgeMs ?? 3000, now: deps.now }),
  );
  const live = createLiveViews(views, deps.log, options.liveIntervalMs ?? 5000);
  const limiter = createRateLimit({
    limit: options.loginAttemptsPerMinute ?? 10,
    globalLimit: 10 * (options.loginAttemptsPerMinute ?? 10),
    windowMs: 60_000,
  });
  const openapi = openApiDocument(packageVersion());

  const app = new Hono<ServerEnv>();
  app.use('*', securityHeaders);
  app.use('*', guard(options.guard));
  app.route(
    '/',
    loginRoutes(options.logins, limiter, {
      tls: options.secureCookies ?? false,
      trustProxy: options.trustProxy ?? false,
    }),
  );
  app.route('/', dashboardRoutes(options.dashboard ?? new Map()));
  const mcp = options.mcp?.(deps.workspace);
  if (mcp) app.route('/mcp', mcpRoutes(mcp, options.tokens));

  const generalLimit = bodyLimit({
    maxSize: options.maxBodyBytes ?? 1024 * 1024,
    onError: () => {
      throw new ApiError(
        'PAYLOAD_TOO_LARGE',
        'the request body is too large',
        'Send at most 1 MiB.',
      );
    },
  });
  // Tracker batches have a limit of their own (trackerRoutes): a 10k-point batch is over 1 MiB.
  app.use('/api/*', (c, next) =>
    c.req.path === '/api/tracker/batches' ? next() : generalLimit(c, next),
  );
  app.use('/api/*', authenticate(options.tokens, options.logins));
  app.use('/api/*', requireReadOrJobRoute());
  app.get('/api/openapi.json', (c) => c.json(openapi));
  app.route('/api/logout', logoutRoute(options.logins));
  app.route('/api/clusters', clusterRoutes(deps, views));
  app.route('/api/clusters', jobActionRoutes(deps, views, deps.confirmations));
  app.route('/api/clusters', jobOutputRoutes(deps));
  app.route('/api/clusters', jobResubmitRoutes(deps));
  app.route('/api/clusters', watchRoutes(deps));
  app.route('/api/clusters', sessionRoutes(deps));
  app.route('/api/clusters', sessionLifecycleRoutes(deps, deps.confirmations));
  app.route('/api/clusters', sessionTerminalRoutes(deps));
  app.route('/api/clusters', adminRoutes(deps, views, deps.confirmations, options.openAdmin));
  app.route('/api/notifications', notificationRoutes(deps));
  app.route('/api/tokens', tokenRoutes(options.tokens));
  app.route('/api/audit', auditRoutes(deps));
  app.route('/api', siteRoutes(deps));
  app.route('/api/tracker', trackerRoutes(deps, options.maxBatchBytes));
  app.route(
    '/api/events',
    eventRoutes(deps, views, live, {
      pollMs: options.eventPollMs ?? 1000,
      heartbeatMs: options.heartbeatMs ?? 15_000,
      shutdown: options.shutdown ?? new AbortController().signal,
    }),
  );

  app.notFound(() => {
    throw new ApiError('NOT_FOUND', 'no such route', 'GET /api/openapi.json lists the routes.');
  });
  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) deps.log.warn(`serve: ${c.req.method} ${c.req.path}: ${String(error)}`);
    if (status === 401) c.header('WWW-Authenticate', 'Bearer');
    return c.json(body, status);
  });
  return { app, views, live, ...(mcp ? { mcp } : {}) };
}
