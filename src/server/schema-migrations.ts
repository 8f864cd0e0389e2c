import { migrate, type Db } from '../store/index.js';

/** The server's tables in the state database; a step never changes once released. */
const MIGRATIONS = [
  `CREATE TABLE api_tokens (
     name TEXT PRIMARY KEY,
     role TEXT NOT NULL,
     hash TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL,
     last_used_at INTEGER
   );`,
  `CREATE TABLE http_confirmations (
     token_hash TEXT PRIMARY KEY,
     binding TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     used_at INTEGER
   );`,
  // Confirm tokens of every face live in audit/confirmations.ts now.
  `DROP TABLE http_confirmations;`,
  // Browser logins survive a restart: codes and sessions by hash, never the secret itself.
  `CREATE TABLE login_codes (
     hash TEXT PRIMARY KEY,
     expires_at INTEGER NOT NULL
   );
   CREATE TABLE login_sessions (
     hash TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     role TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE TABLE serve_address (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     url TEXT NOT NULL,
     pid INTEGER NOT NULL,
     started_at INTEGER NOT NULL
   );`,
];

export function migrateServer(db: Db): void {
  migrate(db, 'server', MIGRATIONS);
}
