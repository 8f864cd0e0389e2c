import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { SlurmdeckError } from '../core/errors.js';
import { createServerApp } from './app.js';
import { loadDashboard } from './dashboard-files.js';
import { createServerDeps, type ServerDeps, type ServerDepsOptions } from './deps.js';
import { createLogins } from './login.js';
import type { McpEndpointFactory } from './mcp-mount.js';
import { allowedHostnames, isLoopbackHost } from './request-guard.js';
import { startPushReceivers, type PushOptions } from './job-end-pushes.js';
import { createTokenStore } from './tokens.js';
import { maskDatabaseUrl } from '../tracker/index.js';
import { followCopyEnds, followJobEnds } from '../workspace/index.js';

export const DEFAULT_PORT = 8080;

export interface ServeOptions extends ServerDepsOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** PEM files; both or neither. */
  tlsCert?: string;
  tlsKey?: string;
  /** Plain HTTP on a non-loopback address: the caller has warned the user. */
  insecureHttp?: boolean;
  /** More names browsers may use for this server (behind a proxy, a DNS name). */
  allowHosts?: string[];
  allowOrigins?: string[];
  dashboardDir?: string;
  /** How long in-flight requests get to finish on stop (default 10 s). */
  drainMs?: number;
  /** How often running data copies are looked at for their end (default 30 s). */
  copyLookMs?: number;
  /** MCP at /mcp, on this server's workspace; the CLI hands it in from the MCP face. */
  mcp?: McpEndpointFactory;
  /** Believe X-Forwarded-Proto from the TLS proxy in front (session cookies get Secure). */
  trustProxy?: boolean;
  /** Take job-end pushes from the EpilogSlurmctld hook (`slurmdeck hook epilog`). */
  pushes?: PushOptions;
}

export interface RunningServer {
  /** `http://127.0.0.1:8080` */
  url: string;
  /** The single-use login link (valid ten minutes). */
  loginUrl: string;
  /** Where job-end pushes are taken over HTTP (host:port), when asked to. */
  pushAddress: string | undefined;
  close(): Promise<void>;
}

/** Refuses plain HTTP to other machines unless asked for it by name. */
export function checkExposure(host: string, options: ServeOptions): void {
  if (Boolean(options.tlsCert) !== Boolean(options.tlsKey)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', '--tls-cert and --tls-key go together', {
      hint: 'Pass both files (PEM), or neither.',
    });
  }
  if (isLoopbackHost(host) || options.tlsCert || options.insecureHttp) return;
  throw new SlurmdeckError('INVALID_ARGUMENT', `serving ${host} over plain HTTP exposes the API`, {
    hint: 'Pass --tls-cert and --tls-key, put a TLS reverse proxy in front and pass --insecure-http, or bind 127.0.0.1.',
  });
}

/**
 * The always-on work of a login node: poll, from the start, each cluster with watched jobs (one
 * poller per cluster on this machine, taken over when another stops), so job ends land as events.
 */
function resumePollers(deps: ServerDeps): void {
  let clusters: string[] = [];
  try {
    clusters = Object.keys(deps.config().clusters);
  } catch (error) {
    deps.log.warn(`serve: ${String(error)}`);
  }
  for (const cluster of clusters) {
    try {
      if (deps.watchStore.active(cluster).length > 0) deps.pollers.ensure(cluster);
    } catch (error) {
      deps.log.warn(`serve: cannot poll ${cluster}: ${String(error)}`);
    }
  }
}

/** Says where runs are kept (password masked) and whether that database answers, at once. */
function checkTrackerDatabase(deps: ServerDeps, given: string | undefined): void {
  let url = given;
  try {
    url ??= deps.config().tracker.database;
  } catch {
    return; // resumePollers has said what is wrong with the config
  }
  if (url === undefined) return;
  deps.log.info(`serve: tracker runs in ${maskDatabaseUrl(url)}`);
  void deps.tracker.store
    .listRuns({ limit: 1 })
    .catch((error: unknown) => deps.log.warn(`serve: ${deps.redact(String(error))}`));
}

const urlHost = (host: string) => {
  const shown = host === '0.0.0.0' || host === '::' ? hostname() : host;
  return shown.includes(':') ? `[${shown}]` : shown;
};

/** `slurmdeck serve`: the API and the dashboard on one port, until close(). */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  checkExposure(host, options);
  if (options.pushes?.listen && !options.pushes.secret) {
    throw new SlurmdeckError('INVALID_ARGUMENT', '--push-listen needs --push-secret-file', {
      hint: 'Pushes are signed; give the same secret file to `slurmdeck hook epilog`.',
    });
  }
  const deps = createServerDeps({ pollers: true, ...options });
  resumePollers(deps);
  checkTrackerDatabase(deps, options.trackerDatabase);
  const logins = createLogins(deps.db, deps.now);
  const shutdown = new AbortController();
  // Each open event stream listens for the stop: hundreds of dashboards are not a leak.
  setMaxListeners(0, shutdown.signal);
  const jobEnds = followJobEnds(deps.workspace, shutdown.signal);
  const copyEnds = followCopyEnds(deps.workspace, shutdown.signal, options.copyLookMs);
  const tls = Boolean(options.tlsCert);
  const { app, live, mcp } = createServerApp({
    deps,
    tokens: createTokenStore(deps.db, deps.now),
    logins,
    guard: {
      hostnames: allowedHostnames(host, options.allowHosts),
      origins: new Set(options.allowOrigins ?? []),
    },
    secureCookies: tls,
    ...(options.trustProxy ? { trustProxy: true } : {}),
    dashboard: loadDashboard(options.dashboardDir),
    shutdown: shutdown.signal,
    ...(options.mcp ? { mcp: options.mcp } : {}),
  });
  // Live terminals upgrade through the app (auth, Host/Origin, role) like any other request.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const server = createAdaptorServer({
    fetch: app.fetch,
    websocket: { server: sockets },
    ...(tls
      ? {
          createServer: createHttpsServer,
          serverOptions: {
            cert: readFileSync(options.tlsCert as string),
            key: readFileSync(options.tlsKey as string),
          },
        }
      : {}),
  }) as Server;
  const wanted = options.port ?? DEFAULT_PORT;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      shutdown.abort();
      void (async () => {
        await Promise.all([jobEnds, copyEnds]);
        await mcp?.close();
        await deps.close();
      })();
      if (error.code !== 'EADDRINUSE') return reject(error);
      reject(
        new SlurmdeckError('PORT_IN_USE', `${host}:${wanted} is already in use`, {
          cause: error,
          hint: 'Stop what listens there (another slurmdeck serve?) or pick another port with --port.',
        }),
      );
    };
    server.once('error', fail);
    server.listen(wanted, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const pushes = await startPushReceivers(deps, options.pushes ?? {}).catch(
    async (error: unknown) => {
      shutdown.abort();
      server.close();
      await jobEnds;
      await mcp?.close();
      await deps.close();
      throw error;
    },
  );
  const { port } = server.address() as AddressInfo;
  const url = `${tls ? 'https' : 'http'}://${urlHost(host)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    loginUrl: `${url}/login?code=${logins.issueCode()}`,
    pushAddress: pushes.address,
    close() {
      closing ??= (async () => {
        shutdown.abort();
        await pushes.close();
        live.stop();
        await Promise.all([jobEnds, copyEnds]);
        // MCP streams (a GET event stream) end here, so the drain below does not wait on them.
        await mcp?.close();
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Open terminals only detach: their sessions go on.
        for (const socket of sockets.clients) socket.terminate();
        const timer = setTimeout(() => server.closeAllConnections(), options.drainMs ?? 10_000);
        await drained;
        clearTimeout(timer);
        await deps.close();
      })();
      return closing;
    },
  };
}
