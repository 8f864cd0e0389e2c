import { pidAlive } from '../core/pid-alive.js';
import type { Db } from '../store/index.js';
import { migrateServer } from './schema-migrations.js';

/**
 * Where the running `slurmdeck serve` of this state directory listens, so that
 * `serve login-link` can print a link to it: written on start, cleared on stop.
 */
export function createServeAddress(db: Db, now: () => number = Date.now) {
  migrateServer(db);
  return {
    record(url: string, pid = process.pid): void {
      db.prepare(
        `INSERT INTO serve_address (id, url, pid, started_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, pid = excluded.pid,
           started_at = excluded.started_at`,
      ).run(url, pid, now());
    },

    /** Forgets the address, if it is still this process's. */
    clear(pid = process.pid): void {
      db.prepare('DELETE FROM serve_address WHERE pid = ?').run(pid);
    },

    /** The running server's URL; undefined when none was recorded or its process is gone. */
    running(isAlive: (pid: number) => boolean = pidAlive): string | undefined {
      const row = db.prepare('SELECT url, pid FROM serve_address WHERE id = 1').get() as
        { url: string; pid: number } | undefined;
      return row && isAlive(row.pid) ? row.url : undefined;
    },
  };
}
