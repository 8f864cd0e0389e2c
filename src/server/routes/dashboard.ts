import { Hono } from 'hono';
import type { StaticFile } from '../dashboard-files.js';
import type { ServerEnv } from '../env.js';

/** Pages with their own URL; each is the same shell, the app reads the path. */
const PAGES = [
  '/',
  '/cluster',
  '/cluster/*',
  '/queue',
  '/queue/*',
  '/jobs/*',
  '/submit',
  '/sessions',
  '/sessions/*',
  '/notifications',
  '/audit',
  '/sites',
  '/runs',
  '/runs/*',
];

export function dashboardRoutes(files: ReadonlyMap<string, StaticFile>) {
  const app = new Hono<ServerEnv>();
  const shell = files.get('index.html');
  for (const page of PAGES) {
    app.get(page, (c) => {
      if (!shell) {
        return c.text('The dashboard is not built: run npm run build. The API is at /api.', 404);
      }
      return c.body(shell.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': shell.type });
    });
  }
  app.get('/assets/:file', (c) => {
    const file = files.get(c.req.param('file'));
    if (!file || c.req.param('file') === 'index.html') return c.notFound();
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.type,
      'Cache-Control': 'no-cache',
    });
  });
  return app;
}
