import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPostgresTrackerStore, type PostgresTrackerStore } from '../../src/tracker/index.js';
import { startPostgres, type Postgres } from '../helpers/postgres.js';
import { describeTrackerStore } from '../helpers/tracker-store-suite.js';

let postgres: Postgres;
const opened: PostgresTrackerStore[] = [];
let databases = 0;

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  postgres?.stop();
});

async function fresh(): Promise<{ store: PostgresTrackerStore; url: string }> {
  const url = await postgres.createDatabase(`tracker_${++databases}`);
  const store = createPostgresTrackerStore(url);
  opened.push(store);
  return { store, url };
}

describeTrackerStore('the PostgreSQL tracker store', async () => {
  const { store, url } = await fresh();
  return {
    store,
    async bytesOnDisk() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('VACUUM FULL');
        const { rows } = await client.query<{ bytes: string }>(
          `SELECT SUM(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c
           WHERE c.relkind = 'r' AND c.relname LIKE 'tracker_%'`,
        );
        return Number(rows[0]?.bytes ?? 0);
      } finally {
        await client.end();
      }
    },
  };
});

describe('the PostgreSQL tracker store, besides what every store does', () => {
  it('applies each batch once when two writers send the same batches at the same time', async () => {
    const { store, url } = await fresh();
    const other = createPostgresTrackerStore(url);
    opened.push(other);
    await store.startRun({ uid: 'r', project: 'p' }, 0);
    const batches = Array.from({ length: 40 }, (_, i) => ({
      run: 'r',
      seq: i + 1,
      points: Array.from({ length: 300 }, (_, j) => ({ k: 'loss', s: i * 300 + j, v: j, t: 1 })),
    }));
    const results = await Promise.all([
      ...batches.map((b) => store.applyBatches([b], 1)),
      ...batches.map((b) => other.applyBatches([b], 1)),
    ]);
    expect(results.reduce((n, r) => n + r.applied, 0)).toBe(40);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(40);
    const series = await store.readSeries('r', 'loss');
    expect([...series.steps]).toEqual(Array.from({ length: 12_000 }, (_, i) => i));
  });

  it('says which database it cannot reach without showing the password', async () => {
    const url = postgres.url.replace(/@127\.0\.0\.1:\d+/, '@127.0.0.1:9');
    const store = createPostgresTrackerStore(url);
    opened.push(store);
    const error = await store.getRun('x').then(
      () => undefined,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(error?.message).toContain('127.0.0.1:9');
    expect(error?.message).not.toContain(postgres.password);
    expect(JSON.stringify(error)).not.toContain(postgres.password);
  });

  it('refuses a wrong password as a database error, the password not shown', async () => {
    const url = postgres.url.replace(postgres.password, 'not-the-password');
    const store = createPostgresTrackerStore(url);
    opened.push(store);
    const error = await store.listRuns({}).then(
      () => undefined,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(error?.message).not.toContain('not-the-password');
  });
});
