import type { Db } from '../store/index.js';
import { byKey, planAppend, type OpenChunk } from './chunk-plan.js';
import { assembleSeries, type Rewind, type StoredChunk } from './chunk-read.js';
import { summarizeChunk } from './chunk-summary.js';
import { downsampleFromSummaries, type SummarizedChunk } from './summary-m4.js';
import { downsampleM4 } from './downsample.js';
import type { Series, WirePoint } from './types.js';

export type { Rewind } from './chunk-read.js';

const OPEN_CHUNK = `SELECT id, attempt_seq AS attemptSeq, count, min_step AS minStep, max_step AS maxStep,
  last_step AS lastStep, last_time AS lastTime, sorted
  FROM tracker_chunks WHERE series_id = ? ORDER BY id DESC LIMIT 1`;

/** Appends points to packed chunks, one series at a time; runs inside the caller's transaction. */
export function createChunkWriter(db: Db) {
  const seriesId = db.prepare('SELECT id FROM tracker_series WHERE run_id = ? AND key = ?').pluck();
  const addSeries = db.prepare('INSERT INTO tracker_series (run_id, key) VALUES (?, ?)');
  const lastChunk = db.prepare(OPEN_CHUNK);
  const chunkData = db.prepare('SELECT data FROM tracker_chunks WHERE id = ?').pluck();
  const grow = db.prepare(
    `UPDATE tracker_chunks SET count = ?, min_step = ?, max_step = ?, last_step = ?,
     last_time = ?, sorted = ?, data = ?, summary = ? WHERE id = ?`,
  );
  const addChunk = db.prepare(
    `INSERT INTO tracker_chunks (series_id, attempt_seq, count, min_step, max_step, last_step,
     last_time, sorted, data, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  return {
    /** Stores one batch's points for a run, in the order they came, under the attempt given. */
    write(runId: number, attemptSeq: number, points: readonly WirePoint[]): void {
      for (const [key, cols] of byKey(points)) {
        const series =
          (seriesId.get(runId, key) as number | undefined) ??
          Number(addSeries.run(runId, key).lastInsertRowid);
        const row = lastChunk.get(series) as
          (Omit<OpenChunk, 'sorted'> & { sorted: number }) | undefined;
        const open = row && { ...row, sorted: row.sorted === 1 };
        const plan = planAppend(open, attemptSeq, cols);
        if (plan.grow) {
          const g = plan.grow;
          const data = Buffer.concat([chunkData.get(g.id) as Buffer, g.more]);
          grow.run(
            g.count,
            g.minStep,
            g.maxStep,
            g.lastStep,
            g.lastTime,
            Number(g.sorted),
            data,
            summarizeChunk(data, g.count),
            g.id,
          );
        }
        for (const c of plan.add) {
          addChunk.run(
            series,
            attemptSeq,
            c.count,
            c.minStep,
            c.maxStep,
            c.lastStep,
            c.lastTime,
            Number(c.sorted),
            c.data,
            summarizeChunk(c.data, c.count),
          );
        }
      }
    },
  };
}

/** Reads a series back: every chunk decoded, superseded points left out, ordered by step. */
export function createChunkReader(db: Db) {
  const chunks = db.prepare(
    `SELECT c.attempt_seq AS attemptSeq, c.count, c.max_step AS maxStep, c.sorted, c.data
     FROM tracker_chunks c JOIN tracker_series s ON s.id = c.series_id
     WHERE s.run_id = ? AND s.key = ? ORDER BY c.id`,
  );
  return (runId: number, key: string, rewinds: readonly Rewind[]): Series => {
    const rows = chunks.all(runId, key) as Array<Omit<StoredChunk, 'sorted'> & { sorted: number }>;
    return assembleSeries(
      key,
      rows.map((row) => ({ ...row, sorted: row.sorted === 1 })),
      rewinds,
    );
  };
}

/** One series M4-downsampled to `width` columns: from block summaries where they serve. */
export function createDownsampledReader(db: Db) {
  const read = createChunkReader(db);
  const chunks = db.prepare(
    `SELECT c.id, c.attempt_seq AS attemptSeq, c.count, c.min_step AS minStep,
     c.max_step AS maxStep, c.last_step AS lastStep, c.sorted, c.summary
     FROM tracker_chunks c JOIN tracker_series s ON s.id = c.series_id
     WHERE s.run_id = ? AND s.key = ? ORDER BY c.id`,
  );
  // The chunks a column edge cuts through, whole, in one statement (the list outside: a rowid
  // lookup each); reading a blob from an offset walks its pages from the start anyway.
  const chunkData = db.prepare(
    'SELECT c.id, c.data FROM json_each(?) j CROSS JOIN tracker_chunks c ON c.id = j.value',
  );
  return async (runId: number, key: string, rewinds: readonly Rewind[], width: number) => {
    const rows = chunks.all(runId, key) as Array<
      Omit<SummarizedChunk, 'sorted'> & { sorted: number }
    >;
    const summarized = await downsampleFromSummaries(
      key,
      rows.map((row) => ({ ...row, sorted: row.sorted === 1 })),
      rewinds,
      width,
      async (wanted) => {
        const ids = JSON.stringify([...new Set(wanted.map((b) => b.id))]);
        const rows = chunkData.all(ids) as Array<{ id: number; data: Buffer }>;
        const data = new Map(rows.map((row) => [row.id, row.data]));
        return wanted.map((b) => (data.get(b.id) as Buffer).subarray(b.pos));
      },
    );
    if (summarized) return summarized;
    const series = read(runId, key, rewinds);
    return { series: downsampleM4(series, width), total: series.steps.length };
  };
}
