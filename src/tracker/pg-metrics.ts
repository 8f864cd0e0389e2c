import type pg from 'pg';
import { byKey, planAppend, type OpenChunk } from './chunk-plan.js';
import { assembleSeries, type Rewind, type StoredChunk } from './chunk-read.js';
import { summarizeChunk } from './chunk-summary.js';
import { downsampleM4 } from './downsample.js';
import { BLOCK_MAX_BYTES, downsampleFromSummaries, type SummarizedChunk } from './summary-m4.js';
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
      await client.query<OpenChunk & { data: Buffer }>(
        `SELECT id, attempt_seq AS "attemptSeq", count, min_step AS "minStep",
         max_step AS "maxStep", last_step AS "lastStep", last_time AS "lastTime", sorted, data
         FROM tracker_chunks WHERE series_id = $1 ORDER BY id DESC LIMIT 1`,
        [series],
      )
    ).rows[0];
    const plan = planAppend(open, attemptSeq, cols);
    if (plan.grow && open) {
      const g = plan.grow;
      // The whole chunk is written back: its block summary is of all of its points.
      const data = Buffer.concat([open.data, g.more]);
      await client.query(
        `UPDATE tracker_chunks SET count = $1, min_step = $2, max_step = $3, last_step = $4,
         last_time = $5, sorted = $6, data = $7, summary = $8 WHERE id = $9`,
        [
          g.count,
          g.minStep,
          g.maxStep,
          g.lastStep,
          g.lastTime,
          g.sorted,
          data,
          summarizeChunk(data, g.count),
          g.id,
        ],
      );
    }
    if (plan.add.length === 0) continue;
    // All new chunks of the series in one statement.
    const values: unknown[] = [];
    const rows = plan.add.map((c) => {
      const at = values.length;
      values.push(series, attemptSeq, c.count, c.minStep, c.maxStep, c.lastStep, c.lastTime);
      values.push(c.sorted, c.data, summarizeChunk(c.data, c.count));
      return `(${Array.from({ length: 10 }, (_, i) => `$${at + i + 1}`).join(', ')})`;
    });
    await client.query(
      `INSERT INTO tracker_chunks (series_id, attempt_seq, count, min_step, max_step, last_step,
       last_time, sorted, data, summary) VALUES ${rows.join(', ')}`,
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

/** One series M4-downsampled to `width` columns: from block summaries where they serve. */
export async function readDownsampled(
  client: pg.Pool,
  runId: number,
  key: string,
  rewinds: readonly Rewind[],
  width: number,
): Promise<{ series: Series; total: number }> {
  const { rows } = await client.query<SummarizedChunk>(
    `SELECT c.id::int AS id, c.attempt_seq AS "attemptSeq", c.count, c.min_step AS "minStep",
     c.max_step AS "maxStep", c.last_step AS "lastStep", c.sorted, c.summary
     FROM tracker_chunks c JOIN tracker_series s ON s.id = c.series_id
     WHERE s.run_id = $1 AND s.key = $2 ORDER BY c.id`,
    [runId, key],
  );
  const summarized = await downsampleFromSummaries(key, rows, rewinds, width, async (blocks) => {
    // Only the blocks a column edge cuts through, in one statement.
    const { rows: bytes } = await client.query<{ b: Buffer }>(
      `SELECT substring(c.data FROM r.pos + 1 FOR $3) AS b
       FROM unnest($1::bigint[], $2::int[]) WITH ORDINALITY AS r(id, pos, n)
       JOIN tracker_chunks c ON c.id = r.id ORDER BY r.n`,
      [blocks.map((b) => b.id), blocks.map((b) => b.pos), BLOCK_MAX_BYTES],
    );
    return bytes.map((row) => row.b);
  });
  if (summarized) return summarized;
  const series = await readPoints(client, runId, key, rewinds);
  return { series: downsampleM4(series, width), total: series.steps.length };
}
