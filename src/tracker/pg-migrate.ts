import type pg from 'pg';

// One key for every slurmdeck that migrates this database at the same time: they take turns.
const MIGRATION_LOCK = 0x51d7_dec4;

/** Brings the component's tables up to the last step, once, whoever else starts meanwhile. */
export async function migratePostgres(
  client: pg.PoolClient,
  component: string,
  steps: readonly string[],
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS slurmdeck_schema_versions (
         component TEXT PRIMARY KEY, version INTEGER NOT NULL)`,
    );
    const { rows } = await client.query<{ version: number }>(
      'SELECT version FROM slurmdeck_schema_versions WHERE component = $1',
      [component],
    );
    const done = rows[0]?.version ?? 0;
    for (let step = done; step < steps.length; step++) await client.query(steps[step] as string);
    if (steps.length > done) {
      await client.query(
        `INSERT INTO slurmdeck_schema_versions (component, version) VALUES ($1, $2)
         ON CONFLICT (component) DO UPDATE SET version = excluded.version`,
        [component, steps.length],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
