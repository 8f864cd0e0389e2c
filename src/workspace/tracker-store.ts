import { SlurmdeckError } from '../core/errors.js';
import type { Db } from '../store/index.js';
import {
  createPostgresTrackerStore,
  createSqliteTrackerStore,
  isPostgresUrl,
  type TrackerStore,
} from '../tracker/index.js';

/**
 * The tracker's store: PostgreSQL when a URL is given (`serve --database`, `tracker.database`),
 * else the state database. Returns how to close it (the state database closes on its own).
 */
export function openTrackerStore(
  url: string | undefined,
  stateDb: () => Db,
): { store: TrackerStore; close(): Promise<void> } {
  if (url === undefined) {
    return { store: createSqliteTrackerStore(stateDb()), close: async () => undefined };
  }
  if (!isPostgresUrl(url)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'the tracker database must be a postgres:// URL', {
      hint: 'Leave it out to keep runs in the state database (SQLite), or pass postgres://user:password@host/db.',
    });
  }
  const store = createPostgresTrackerStore(url);
  return { store, close: () => store.close() };
}
