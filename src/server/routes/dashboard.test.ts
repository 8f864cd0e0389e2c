import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

const files = new Map([
  [
    'index.html',
    {
      body: new TextEncoder().encode('<!doctype html><div id="app">'),
      type: 'text/html; charset=utf-8',
    },
  ],
  [
    'app.js',
    { body: new TextEncoder().encode('console.log(1)'), type: 'text/javascript; charset=utf-8' },
  ],
]);

describe('dashboard pages', () => {
  it('serves the same shell at each page URL, without a token (the API behind it needs one)', async () => {
    const { request } = serverUnderTest({ dashboard: files });
    for (const path of [
      '/',
      '/cluster',
      '/queue',
      '/queue/mine',
      '/jobs/123',
      '/submit',
      '/sessions',
      '/sessions/train',
    ]) {
      const res = await request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('id="app"');
    }
    expect((await request('/api/clusters')).status).toBe(401);
  });

  it('serves the shell at the Notifications and Audit page URLs too (a reload or a pasted link works)', async () => {
    const { request } = serverUnderTest({ dashboard: files });
    for (const path of ['/notifications', '/audit']) {
      const res = await request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('id="app"');
    }
  });

  it('serves built assets by name only: no paths reach the file system', async () => {
    const { request } = serverUnderTest({ dashboard: files });
    const js = await request('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    for (const path of [
      '/assets/..%2Fpackage.json',
      '/assets/../package.json',
      '/assets/nope.js',
    ]) {
      expect((await request(path)).status, path).toBe(404);
    }
  });

  it('says how to build the dashboard when it is missing', async () => {
    const { request } = serverUnderTest({ dashboard: new Map() });
    const res = await request('/');
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/npm run build/);
  });
});
