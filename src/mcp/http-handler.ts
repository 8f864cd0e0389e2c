import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createMcpDeps, type McpDepsOptions } from './deps.js';
import { jsonRpcError, readJsonBody, SERVER_ERROR } from './http-body.js';
import { refuseRequest } from './http-guard.js';
import { createSessionTable, type SessionLimits } from './http-sessions.js';
import { createSlurmdeckMcpServer } from './server.js';
import { resumeWatches } from './stdio.js';

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface McpEndpointOptions extends McpDepsOptions, SessionLimits {
  maxBodyBytes?: number;
}

export interface McpHttpHandlerOptions extends McpEndpointOptions {
  /** Every request must carry `Authorization: Bearer <token>`. */
  token: string;
  allowedOrigins?: string[];
  /** The server listens on loopback only: the Host header must name loopback too (default true). */
  loopbackOnly?: boolean;
}

/** Who is calling, as the server that mounts the endpoint checked it (an API token's name). */
export interface McpCaller {
  name: string;
  /** The API token's role (`read`, `operate`, `admin`): the admin tools need `admin`. */
  role?: string;
}

export interface McpHttpHandler {
  /**
   * Answers one request to the MCP endpoint (POST, GET and DELETE): web-standard, so any server
   * can mount it, e.g. Hono: `app.all('/mcp', (c) => mcp.fetch(c.req.raw))`.
   */
  fetch(request: Request, caller?: McpCaller): Promise<Response>;
  /** Live MCP sessions. */
  sessions(): number;
  /** Closes every session and what the handler opened (database, SSH masters). */
  close(): Promise<void>;
}

type RequestOptions = Parameters<WebStandardStreamableHTTPServerTransport['handleRequest']>[1];

/**
 * The tools see the caller as `extra.authInfo.clientId` (audit actor, confirm-token binding),
 * and its role as the one scope.
 */
const requestOptions = (body: unknown, caller: McpCaller | undefined): RequestOptions => ({
  parsedBody: body,
  ...(caller
    ? {
        authInfo: {
          token: '',
          clientId: caller.name,
          scopes: caller.role === undefined ? [] : [caller.role],
        },
      }
    : {}),
});

const refusal = (status: number, message: string) =>
  jsonRpcError(
    status,
    SERVER_ERROR,
    message,
    status === 401 ? { 'www-authenticate': 'Bearer' } : {},
  );

/**
 * Streamable HTTP MCP, one session per client, every request checked for the bearer token and,
 * from browsers, the Origin. Sessions idle too long are closed and their number capped.
 */
export function createMcpHttpHandler(options: McpHttpHandlerOptions): McpHttpHandler {
  const endpoint = createMcpEndpoint({
    ...options,
    secrets: [...(options.secrets ?? []), options.token],
  });
  const check = {
    token: options.token,
    allowedOrigins: options.allowedOrigins ?? [],
    loopbackOnly: options.loopbackOnly ?? true,
  };
  return {
    fetch(request) {
      const refused = refuseRequest(request.headers, check);
      if (refused) return Promise.resolve(refusal(refused.status, refused.message));
      return endpoint.fetch(request);
    },
    sessions: () => endpoint.sessions(),
    close: () => endpoint.close(),
  };
}

/**
 * The MCP endpoint without a door: the caller has already checked who is asking (the bearer
 * token of `mcp --http`, or `slurmdeck serve`'s API tokens). Given an open workspace, it works
 * on that one and leaves closing it, and running its pollers, to its owner.
 */
export function createMcpEndpoint(options: McpEndpointOptions): McpHttpHandler {
  const deps = createMcpDeps(options);
  const ownsWorkspace = options.workspace === undefined;
  if (ownsWorkspace) resumeWatches(deps);
  const table = createSessionTable(options);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function open(request: Request, options: RequestOptions): Promise<Response> {
    table.makeRoom();
    const server = createSlurmdeckMcpServer(deps);
    const transport: WebStandardStreamableHTTPServerTransport =
      new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => table.add(id, transport, () => transport.close()),
      });
    transport.onclose = () => {
      if (transport.sessionId) table.forget(transport.sessionId);
      void server.close().catch(() => undefined);
    };
    await server.connect(transport);
    const response = await transport.handleRequest(request, options);
    // An initialize that failed made no session: nothing would ever close this one.
    if (!transport.sessionId) await transport.close().catch(() => undefined);
    return table.track(transport.sessionId, response);
  }

  async function handle(request: Request, caller?: McpCaller): Promise<Response> {
    let body: unknown;
    if (request.method === 'POST') {
      const read = await readJsonBody(request, maxBody);
      if ('refusal' in read) return read.refusal;
      body = read.body;
    }
    const id = request.headers.get('mcp-session-id');
    if (id !== null) {
      const transport = table.use(id);
      if (!transport) return refusal(404, 'unknown session: initialize again');
      return table.track(id, await transport.handleRequest(request, requestOptions(body, caller)));
    }
    if (request.method !== 'POST' || !isInitializeRequest(body)) {
      return refusal(400, 'no session: send an initialize request first');
    }
    return open(request, requestOptions(body, caller));
  }

  return {
    async fetch(request, caller) {
      try {
        return await handle(request, caller);
      } catch (error) {
        deps.log.warn(`mcp http: ${String(error)}`);
        return refusal(400, deps.redact(String(error)));
      }
    },
    sessions: () => table.size(),
    async close() {
      await table.closeAll();
      if (ownsWorkspace) await deps.close();
    },
  };
}
