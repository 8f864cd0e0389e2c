import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ApiError } from '../http-error.js';
import { clientAddress, type ServerEnv } from '../env.js';
import { cookieSecure } from '../cookie-secure.js';
import { SESSION_TTL_MS, type Logins } from '../login.js';
import { SESSION_COOKIE } from '../middleware.js';
import type { createRateLimit } from '../rate-limit.js';

/**
 * `GET /login?code=...`: the link `serve` prints. A live code becomes a session cookie
 * (HttpOnly, SameSite=Strict) and the browser goes on to the dashboard; the code is spent.
 */
export function loginRoutes(
  logins: Logins,
  limiter: ReturnType<typeof createRateLimit>,
  transport: { tls: boolean; trustProxy: boolean },
) {
  const app = new Hono<ServerEnv>();
  app.get('/login', (c) => {
    if (!limiter.allow(clientAddress(c))) {
      throw new ApiError('RATE_LIMITED', 'too many login attempts', 'Wait a minute and try again.');
    }
    const code = c.req.query('code') ?? '';
    const session = code.length > 0 && code.length <= 100 ? logins.redeem(code) : undefined;
    if (!session) {
      throw new ApiError(
        'UNAUTHENTICATED',
        'this login link was used already or has expired',
        'Run slurmdeck serve login-link for a new link, or use an API token.',
      );
    }
    setCookie(c, SESSION_COOKIE, session, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: cookieSecure(transport, c.req.header('x-forwarded-proto')),
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.redirect('/', 303);
  });
  return app;
}

/** `POST /api/logout`: the session ends here, not only in the browser. */
export function logoutRoute(logins: Logins) {
  const app = new Hono<ServerEnv>();
  app.post('/', (c) => {
    const session = getCookie(c, SESSION_COOKIE);
    if (session) logins.endSession(session);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });
  return app;
}
