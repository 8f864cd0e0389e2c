import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from './http-error.js';
import type { ServerEnv } from './env.js';
import type { Logins } from './login.js';
import { isSafeMethod, refusal, type GuardPolicy } from './request-guard.js';
import { isJobTokenText } from '../tracker/index.js';
import { allows, JOB_ROLE, type Role } from './roles.js';
import type { TokenStore } from './tokens.js';

export const SESSION_COOKIE = 'slurmdeck_session';

/**
 * Headers every answer carries: nothing from elsewhere runs on our pages, nothing is cached.
 * Scripts come only from our own files; inline styles are allowed because xterm.js sizes and
 * colours its screen with <style> elements it writes at run time.
 */
export const securityHeaders: MiddlewareHandler<ServerEnv> = async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header(
    'Content-Security-Policy',
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  );
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};

/** Host and Origin on every request: no DNS rebinding, no cross-site changes. */
export function guard(policy: GuardPolicy): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const why = refusal(
      {
        method: c.req.method,
        host: c.req.header('host'),
        origin: c.req.header('origin'),
        secFetchSite: c.req.header('sec-fetch-site'),
      },
      policy,
    );
    if (why) {
      throw new ApiError(
        'FORBIDDEN',
        why,
        'Use the address slurmdeck serve printed, or start it with --allow-host / --allow-origin.',
      );
    }
    await next();
  };
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Who is asking: a bearer token, else the browser session cookie; nobody gets through unnamed. */
export function authenticate(tokens: TokenStore, logins: Logins): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const token = BEARER.exec(header)?.[1];
      const principal =
        token === undefined ? undefined : (tokens.verify(token) ?? tokens.verifyJob(token));
      if (!principal && token !== undefined && isJobTokenText(token)) {
        throw new ApiError(
          'UNAUTHENTICATED',
          "this job's tracker token has expired or was revoked",
          "It ends an hour past its job's time limit counted from its first use (a requeued job keeps the same one). The tracker client keeps writing to its spool on shared storage, which the server ingests: no point is lost.",
        );
      }
      if (!principal) throw new ApiError('UNAUTHENTICATED', 'the bearer token is not valid');
      c.set('principal', principal);
      return next();
    }
    const session = getCookie(c, SESSION_COOKIE);
    const principal = session === undefined ? undefined : logins.session(session);
    if (!principal) throw new ApiError('UNAUTHENTICATED', 'no valid token or session');
    // Browsers always send Origin on unsafe requests; one without it did not come from our page.
    if (!isSafeMethod(c.req.method) && c.req.header('origin') === undefined) {
      throw new ApiError('FORBIDDEN', 'a browser change without an Origin header is refused');
    }
    c.set('principal', principal);
    return next();
  };
}

/** A bearer token and nothing else: for endpoints that agents, not browsers, call (/mcp). */
export function authenticateToken(tokens: TokenStore): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    const principal = token === undefined ? undefined : tokens.verify(token);
    if (!principal) {
      throw new ApiError(
        'UNAUTHENTICATED',
        'this endpoint needs a valid bearer token',
        'Send Authorization: Bearer TOKEN (slurmdeck serve token create NAME --role operate); the browser session does not count here.',
      );
    }
    c.set('principal', principal);
    await next();
  };
}

export function requireRole(role: Role): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!allows(principal.role, role)) {
      throw new ApiError(
        'FORBIDDEN',
        `token "${principal.name}" has role ${principal.role}; this needs ${role}`,
        `Create a token with --role ${role}.`,
      );
    }
    await next();
  };
}

/** The requests a job's tracker client makes (python/slurmdeck_tracker): all a job token may do. */
const JOB_TOKEN_ROUTES: ReadonlyArray<readonly [string, RegExp]> = [
  ['POST', /^\/api\/tracker\/runs$/],
  ['GET', /^\/api\/tracker\/runs\/[^/]+$/],
  ['POST', /^\/api\/tracker\/runs\/[^/]+\/finish$/],
  ['POST', /^\/api\/tracker\/batches$/],
];

/** `read` for every API route; a job token only on its tracker client's routes (403 elsewhere). */
export function requireReadOrJobRoute(): MiddlewareHandler<ServerEnv> {
  const read = requireRole('read');
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal.role !== JOB_ROLE) return read(c, next);
    const path = c.req.path;
    if (!JOB_TOKEN_ROUTES.some(([method, route]) => method === c.req.method && route.test(path))) {
      const job = principal.job?.jobId;
      const whose = job === undefined ? 'its job' : `job ${job} on ${principal.job?.cluster}`;
      throw new ApiError(
        'FORBIDDEN',
        `token "${principal.name}" is a job's tracker token: it only writes the tracker runs of ${whose}`,
        'Use an API token (slurmdeck serve token create NAME) for anything else.',
      );
    }
    await next();
  };
}
