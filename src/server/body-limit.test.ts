import { describe, expect, it } from 'vitest';
import { ORIGIN, serverUnderTest } from '../../test/helpers/server-fakes.js';

describe('request size', () => {
  it('answers 413 to a body over the limit, before authentication reads anything', async () => {
    const { request, tokens } = serverUnderTest({ maxBodyBytes: 1024 });
    const token = tokens.create('ci', 'operate');
    const body = 'x'.repeat(2048);
    for (const headers of [{}, { origin: ORIGIN }] as Array<Record<string, string>>) {
      const res = await request('/api/logout', { method: 'POST', body, token, headers });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        hint: expect.any(String),
      });
    }
    const small = await request('/api/logout', { method: 'POST', body: 'x', token });
    expect(small.status).toBe(200);
  });
});
