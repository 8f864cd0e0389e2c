import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticFile {
  body: Uint8Array;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Where `npm run build` puts the dashboard: dist/web beside dist/server. */
export function defaultDashboardDir(): string {
  return fileURLToPath(new URL('../web/', import.meta.url));
}

/**
 * The built dashboard, read once into memory (a few files, tens of KB): nothing is fetched
 * at run time and no path from a request ever reaches the file system.
 */
export function loadDashboard(dir = defaultDashboardDir()): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type) files.set(name, { body: readFileSync(join(dir, name)), type });
  }
  return files;
}
