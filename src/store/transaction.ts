import type { Db } from './database.js';

/**
 * Runs `work` in a `BEGIN IMMEDIATE` transaction: the write lock is taken first, so a process
 * that finds another writer waits (the busy timeout) instead of failing with "database is
 * locked" when its read turns into a write. Every read-then-write transaction goes through here.
 */
export function writeTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}
