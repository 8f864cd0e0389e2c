import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { SlurmdeckError } from '../core/errors.js';
import { jsonRpcError, SERVER_ERROR } from './http-body.js';
import { isLoopback } from './http-guard.js';
import { createMcpHttpHandler, type McpHttpHandlerOptions } from './http-handler.js';

export const DEFAULT_HTTP_PORT = 8377;

export interface HttpOptions extends Omit<McpHttpHandlerOptions, 'loopbackOnly'> {
  /** Default 127.0.0.1: only this machine may connect. */
  host?: string;
  /** Default 8377; 0 picks a free one. */
  port?: number;
}

export interface HttpHandle {
  url: string;
  /** Live MCP sessions. */
  sessions(): number;
  close(): Promise<void>;
}

async function listen(http: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') return reject(error);
      reject(
        new SlurmdeckError('PORT_IN_USE', `${host}:${port} is already in use`, {
          cause: error,
          hint: 'Stop what listens there (another `slurmdeck mcp --http`?) or pick another port with --port.',
        }),
      );
    });
    http.listen(port, host, () => resolve());
  });
}

/**
 * `slurmdeck mcp --http`: the MCP handler on its own HTTP server, 127.0.0.1 by default, at /mcp.
 */
export async function serveHttp(options: HttpOptions): Promise<HttpHandle> {
  const host = options.host ?? '127.0.0.1';
  const mcp = createMcpHttpHandler({ ...options, loopbackOnly: isLoopback(host) });
  const listener = getRequestListener(
    (request) =>
      new URL(request.url).pathname === '/mcp'
        ? mcp.fetch(request)
        : jsonRpcError(404, SERVER_ERROR, 'not found: the MCP endpoint is /mcp'),
    { overrideGlobalObjects: false },
  );
  const http = createServer(listener);
  try {
    await listen(http, options.port ?? DEFAULT_HTTP_PORT, host);
  } catch (error) {
    await mcp.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/mcp`,
    sessions: () => mcp.sessions(),
    async close() {
      await mcp.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
    },
  };
}
