import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import type { Logger } from '../core/logger.js';

/** SQLite gives its -wal, -shm and -journal files the mode of the database file itself. */
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

/**
 * Creates the database file 0600 before SQLite opens it (SQLite would follow the umask, often
 * 0644), and narrows one an older version left readable to others.
 */
export function ensurePrivateDatabaseFiles(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const suffix of COMPANIONS) {
    const path = file + suffix;
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch {
      // not there (or gone since): nothing to narrow
    }
  }
}

const warned = new Set<string>();

/** Says once per process that the state folder lets other users in (shared systems often do). */
export function warnIfFolderOpen(dir: string, log: Pick<Logger, 'warn'>): void {
  if (warned.has(dir) || !existsSync(dir)) return;
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o007) === 0) return;
  warned.add(dir);
  log.warn(
    `the state folder ${dir} is open to other users (mode ${mode.toString(8)}); ` +
      `the database inside is 0600, but run \`chmod 700 ${dir}\` to keep file names private too`,
  );
}
