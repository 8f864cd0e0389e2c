import { describe, expect, it } from 'vitest';
import { classifyMailError, classifyResponse } from './attempt.js';
import { checkCode } from './channels/types.js';

const now = 0;

describe('classifyResponse', () => {
  it.each([200, 201, 204])('treats %i as delivered', (status) => {
    expect(classifyResponse(status, null, '', now).result).toBe('sent');
  });

  it.each([408, 425, 429, 500, 502, 503])('retries %i', (status) => {
    expect(classifyResponse(status, null, 'busy', now).result).toBe('retry');
  });

  it.each([400, 401, 403, 404, 410, 413])('does not retry %i', (status) => {
    expect(classifyResponse(status, null, 'nope', now)).toEqual({
      result: 'failed',
      status,
      error: `HTTP ${status}: nope`,
    });
  });

  it('redacts the whole answer before cutting it to a snippet', () => {
    const secret = 'S3CRET-0123456789';
    const body = `${'x'.repeat(290)} ${secret}`;
    const redact = (text: string) => text.split(secret).join('***');
    const attempt = classifyResponse(401, null, body, now, undefined, redact);
    expect(attempt).toMatchObject({ result: 'failed' });
    expect(JSON.stringify(attempt)).not.toContain('S3CRET');
    expect(JSON.stringify(attempt)).toContain('***');
  });

  it('carries Retry-After into the retry', () => {
    expect(classifyResponse(429, '7', '', now)).toMatchObject({
      result: 'retry',
      retryAfterMs: 7000,
    });
  });

  it('does not follow redirects', () => {
    expect(classifyResponse(302, null, '', now)).toMatchObject({ result: 'failed' });
  });

  it('reads errors that a 200 carries in its body', () => {
    const check = (body: string) => checkCode(body, 'errcode', 'errmsg', [130101]);
    expect(classifyResponse(200, null, '{"errcode":0,"errmsg":"ok"}', now, check).result).toBe(
      'sent',
    );
    expect(
      classifyResponse(200, null, '{"errcode":310000,"errmsg":"sign not match"}', now, check),
    ).toEqual({
      result: 'failed',
      status: 200,
      error: 'HTTP 200: errcode 310000 sign not match',
    });
    expect(
      classifyResponse(200, null, '{"errcode":130101,"errmsg":"send too fast"}', now, check).result,
    ).toBe('retry');
  });
});

describe('classifyMailError', () => {
  it('gives up on a 5xx reply and retries a 4xx or a lost connection', () => {
    expect(
      classifyMailError(Object.assign(new Error('550 no such user'), { responseCode: 550 })).result,
    ).toBe('failed');
    expect(
      classifyMailError(Object.assign(new Error('451 try later'), { responseCode: 451 })).result,
    ).toBe('retry');
    expect(
      classifyMailError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))
        .result,
    ).toBe('retry');
  });
});
