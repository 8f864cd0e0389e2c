import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { Principal } from './roles.js';

/** What middleware hands to the routes, and what @hono/node-server puts in `c.env`. */
export interface ServerEnv {
  Variables: { principal: Principal };
  Bindings: { incoming?: IncomingMessage };
}

/** The client's address, for rate limits; 'local' when the request came without a socket. */
export function clientAddress(c: Context<ServerEnv>): string {
  return c.env?.incoming?.socket.remoteAddress ?? 'local';
}
