import type pg from 'pg';
import { SlurmdeckError } from '../core/errors.js';

/** `postgres://user:secret@host/db` with the password shown as `***`: for every message and log. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

/** The password in a database URL, so the workspace can mask it wherever it shows up. */
export function databasePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

// BIGINT (steps, ms times, ids, counts) as numbers: every one of ours is below 2^53.
const INT8 = 20;

/**
 * A pool to the database. `pg` loads here, on first use, so a face that never touches
 * PostgreSQL never loads it.
 */
export async function openPool(url: string, max = 10): Promise<pg.Pool> {
  const { default: pg } = await import('pg');
  const types: pg.CustomTypesConfig = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === INT8
        ? (text: string) => Number(text)
        : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle client losing its server must not take the process down; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

export function unreachable(url: string, error: unknown): SlurmdeckError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SlurmdeckError(
    'DATABASE_UNAVAILABLE',
    `cannot use the tracker database ${maskDatabaseUrl(url)}: ${reason}`,
    {
      cause: error,
      hint: 'Check that PostgreSQL runs there and the URL, user and password are right (--database or tracker.database in the config).',
    },
  );
}
