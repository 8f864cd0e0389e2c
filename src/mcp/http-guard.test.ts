import { describe, expect, it } from 'vitest';
import { bearerMatches, refuseRequest } from './http-guard.js';

const req = (headers: Record<string, string>) => new Headers(headers);
const check = { token: 'tok-123', allowedOrigins: ['http://localhost:3000'], loopbackOnly: true };

describe('refuseRequest', () => {
  it('lets a local client with the token through', () => {
    expect(
      refuseRequest(req({ host: '127.0.0.1:8377', authorization: 'Bearer tok-123' }), check),
    ).toBeUndefined();
  });

  it.each([
    ['no token', { host: '127.0.0.1:8377' }, 401],
    ['a wrong token', { host: 'localhost:8377', authorization: 'Bearer tok-124' }, 401],
    [
      'a foreign origin',
      { host: '127.0.0.1:8377', authorization: 'Bearer tok-123', origin: 'https://evil.example' },
      403,
    ],
    ['a rebound host name', { host: 'evil.example:8377', authorization: 'Bearer tok-123' }, 403],
  ])('refuses %s', (_name, headers, status) => {
    expect(refuseRequest(req(headers), check)?.status).toBe(status);
  });

  it('accepts an allowed origin', () => {
    expect(
      refuseRequest(
        req({ host: '[::1]:1', authorization: 'Bearer tok-123', origin: 'http://localhost:3000' }),
        check,
      ),
    ).toBeUndefined();
  });
});

describe('bearerMatches', () => {
  it('wants the Bearer scheme', () => {
    expect(bearerMatches('Basic tok-123', 'tok-123')).toBe(false);
    expect(bearerMatches('bearer tok-123', 'tok-123')).toBe(true);
  });
});
