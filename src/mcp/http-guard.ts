import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The bearer token compared in constant time (hashes first, so lengths do not leak either). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1] as string), digest(token));
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host);
}

export interface RequestCheck {
  token: string;
  /** Origins a browser page may call from; none by default. */
  allowedOrigins: readonly string[];
  /** When bound to loopback, the Host header must name loopback (no DNS rebinding). */
  loopbackOnly: boolean;
}

/** Request headers as both a web `Request` and a Node message can give them. */
export interface HeaderSource {
  get(name: string): string | null;
}

/** Why a request is refused (status and text), or undefined when it may go on. */
export function refuseRequest(
  headers: HeaderSource,
  check: RequestCheck,
): { status: number; message: string } | undefined {
  const origin = headers.get('origin');
  if (origin !== null && !check.allowedOrigins.includes(origin)) {
    return { status: 403, message: `origin ${origin} is not allowed` };
  }
  if (check.loopbackOnly) {
    const host = (headers.get('host') ?? '').replace(/:\d+$/, '');
    if (!isLoopback(host)) return { status: 403, message: 'host is not a loopback address' };
  }
  if (!bearerMatches(headers.get('authorization') ?? undefined, check.token)) {
    return { status: 401, message: 'missing or wrong bearer token' };
  }
  return undefined;
}
