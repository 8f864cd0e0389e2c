import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createMcpDeps, type McpDepsOptions } from './deps.js';
import { isLoopback, refuseRequest } from './http-guard.js';
import { createSlurmdeckMcpServer } from './server.js';
import { resumeWatches } from './stdio.js';

export const DEFAULT_HTTP_PORT = 8377;
const MAX_BODY = 4 * 1024 * 1024;

export interface HttpOptions extends McpDepsOptions {
  /** Default 127.0.0.1: only this machine may connect. */
  host?: string;
  /** Default 8377; 0 picks a free one. */
  port?: number;
  /** Every request must carry `Authorization: Bearer <token>`. */
  token: string;
  allowedOrigins?: string[];
}

export interface HttpHandle {
  url: string;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
  });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * `slurmdeck mcp --http`: streamable HTTP on 127.0.0.1 by default, one MCP session per client,
 * every request checked for the bearer token and, from browsers, the Origin.
 */
export async function serveHttp(options: HttpOptions): Promise<HttpHandle> {
  const host = options.host ?? '127.0.0.1';
  const deps = createMcpDeps({ ...options, secrets: [...(options.secrets ?? []), options.token] });
  resumeWatches(deps);
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const check = {
    token: options.token,
    allowedOrigins: options.allowedOrigins ?? [],
    loopbackOnly: isLoopback(host),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/mcp') {
      return reply(res, 404, 'not found: the MCP endpoint is /mcp');
    }
    const refused = refuseRequest(req, check);
    if (refused) return reply(res, refused.status, refused.message);
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const transport = sessions.get(id);
      if (!transport) return reply(res, 404, 'unknown session: initialize again');
      return transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return reply(res, 400, 'no session: send an initialize request first');
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => void sessions.set(sessionId, transport),
    });
    const server = createSlurmdeckMcpServer(deps);
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
      void server.close().catch(() => undefined);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      deps.log.warn(`mcp http: ${String(error)}`);
      if (!res.headersSent) reply(res, 400, deps.redact(String(error)));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? DEFAULT_HTTP_PORT, host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/mcp`,
    async close() {
      await Promise.all([...sessions.values()].map((t) => t.close().catch(() => undefined)));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await deps.close();
    },
  };
}
