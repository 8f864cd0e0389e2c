import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { createLogger, type Logger } from '../core/logger.js';
import { stateDir } from '../core/paths.js';
import { sharedFilesystem } from './filesystem.js';
import { ensurePrivateDatabaseFiles, warnIfFolderOpen } from './private-files.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Default: <XDG state>/slurmdeck/slurmdeck.db. */
  file?: string;
  /** Where a warning about an open state folder goes (default: stderr). */
  log?: Pick<Logger, 'warn'>;
}

export function defaultDatabaseFile(): string {
  return join(stateDir(), 'slurmdeck.db');
}

/**
 * Opens (creating) the state database. WAL on local disks; on NFS, Lustre or GPFS, where WAL's
 * shared memory does not work across hosts, a rollback journal. Writes are durable on return.
 * The files are 0600: they hold notification errors, session names and job details.
 */
export function openDatabase(options: OpenOptions = {}): Db {
  const file = options.file ?? defaultDatabaseFile();
  if (file !== ':memory:') {
    warnIfFolderOpen(dirname(file), options.log ?? createLogger());
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    ensurePrivateDatabaseFiles(file);
  }
  const db = new Database(file);
  const shared = file === ':memory:' ? undefined : sharedFilesystem(dirname(file));
  db.pragma(shared ? 'journal_mode = DELETE' : 'journal_mode = WAL');
  // FULL: an acknowledged write survives a power cut, in either journal mode.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)',
  );
  return db;
}

/**
 * Brings one component's tables up to date: `steps[i]` moves it from version i to i+1. Each
 * capability owns its steps; a step never changes once released.
 */
export function migrate(db: Db, component: string, steps: readonly string[]): void {
  const version = () =>
    (
      db.prepare('SELECT version FROM schema_versions WHERE component = ?').get(component) as
        { version: number } | undefined
    )?.version ?? 0;
  if (version() >= steps.length) return;
  // Read again inside a write transaction: two processes opening a new database race here.
  db.transaction(() => {
    const from = version();
    for (let step = from; step < steps.length; step++) db.exec(steps[step] as string);
    db.prepare(
      'INSERT INTO schema_versions (component, version) VALUES (?, ?) ON CONFLICT(component) DO UPDATE SET version = excluded.version',
    ).run(component, steps.length);
  }).immediate();
}
