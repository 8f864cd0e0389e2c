import type pg from 'pg';
import { byKey, planAppend, type OpenChunk } from './chunk-plan.js';
import { assembleSeries, type Rewind, type StoredChunk } from './chunk-read.js';
import type { Series, WirePoint } from './types.js';

/** Stores one batch's points for a run under the attempt given, inside the caller's transaction. */
export async function writePoints(
  client: pg.PoolClient,
  runId: number,
  attemptSeq: number,
  points: readonly WirePoint[],
): Promise<void> {
  for (const [key, cols] of byKey(points)) {
    const added = await client.query<{ id: number }>(
      `INSERT INTO tracker_series (run_id, key) VALUES ($1, $2)
       ON CONFLICT (run_id, key) DO NOTHING RETURNING id`,
      [runId, key],
    );
    const series =
      added.rows[0]?.id ??
      (
        await client.query<{ id: number }>(
          'SELECT id FROM tracker_series WHERE run_id = $1 AND key = $2',
          [runId, key],
        )
      ).rows[0]?.id;
    const open = (
      await client.query<OpenChunk>(
        `SELECT id, attempt_seq AS "attemptSeq", count, min_step AS "minStep",
         max_step AS "maxStep", last_step AS "lastStep", last_time AS "lastTime", sorted
         FROM tracker_chunks WHERE series_id = $1 ORDER BY id DESC LIMIT 1`,
        [series],
      )
    ).rows[0];
    const plan = planAppend(open, attemptSeq, cols);
    if (plan.grow) {
      const g = plan.grow;
      await client.query(
        `UPDATE tracker_chunks SET count = $1, min_step = $2, max_step = $3, last_step = $4,
         last_time = $5, sorted = $6, data = data || $7 WHERE id = $8`,
        [g.count, g.minStep, g.maxStep, g.lastStep, g.lastTime, g.sorted, g.more, g.id],
      );
    }
    if (plan.add.length === 0) continue;
    // All new chunks of the series in one statement.
    const values: unknown[] = [];
    const rows = plan.add.map((c) => {
      const at = values.length;
      values.push(series, attemptSeq, c.count, c.minStep, c.maxStep, c.lastStep, c.lastTime);
      values.push(c.sorted, c.data);
      return `(${Array.from({ length: 9 }, (_, i) => `$${at + i + 1}`).join(', ')})`;
    });
    await client.query(
      `INSERT INTO tracker_chunks (series_id, attempt_seq, count, min_step, max_step, last_step,
       last_time, sorted, data) VALUES ${rows.join(', ')}`,
      values,
    );
  }
}

/** Every visible point of a series, by step. */
export async function readPoints(
  client: pg.Pool | pg.PoolClient,
  runId: number,
  key: string,
  rewinds: readonly Rewind[],
): Promise<Series> {
  const { rows } = await client.query<StoredChunk>(
    `SELECT c.attempt_seq AS "attemptSeq", c.count, c.max_step AS "maxStep", c.sorted, c.data
     FROM tracker_chunks c JOIN tracker_series s ON s.id = c.series_id
     WHERE s.run_id = $1 AND s.key = $2 ORDER BY c.id`,
    [runId, key],
  );
  return assembleSeries(key, rows, rewinds);
}
