import type { Db } from '../store/index.js';
import { decodePoints, encodePoints } from './point-codec.js';
import { CHUNK_POINTS } from './sqlite-schema.js';
import type { Series, WirePoint } from './types.js';

interface Columns {
  steps: number[];
  times: number[];
  values: number[];
}

interface OpenChunk {
  id: number;
  attempt_seq: number;
  count: number;
  min_step: number;
  max_step: number;
  last_step: number;
  last_time: number;
  sorted: number;
}

function isSorted(steps: ArrayLike<number>, from: number, to: number, before: number): boolean {
  let last = before;
  for (let i = from; i < to; i++) {
    const s = steps[i] as number;
    if (s < last) return false;
    last = s;
  }
  return true;
}

function minMax(steps: number[], from: number, to: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const s = steps[i] as number;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return [min, max];
}

/** Appends points to packed chunks, one series at a time; runs inside the caller's transaction. */
export function createChunkWriter(db: Db) {
  const seriesId = db.prepare('SELECT id FROM tracker_series WHERE run_id = ? AND key = ?').pluck();
  const addSeries = db.prepare('INSERT INTO tracker_series (run_id, key) VALUES (?, ?)');
  const lastChunk = db.prepare(
    `SELECT id, attempt_seq, count, min_step, max_step, last_step, last_time, sorted
     FROM tracker_chunks WHERE series_id = ? ORDER BY id DESC LIMIT 1`,
  );
  const chunkData = db.prepare('SELECT data FROM tracker_chunks WHERE id = ?').pluck();
  const grow = db.prepare(
    `UPDATE tracker_chunks SET count = ?, min_step = ?, max_step = ?, last_step = ?,
     last_time = ?, sorted = ?, data = ? WHERE id = ?`,
  );
  const addChunk = db.prepare(
    `INSERT INTO tracker_chunks (series_id, attempt_seq, count, min_step, max_step, last_step,
     last_time, sorted, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  function writeSeries(series: number, attemptSeq: number, cols: Columns): void {
    const n = cols.steps.length;
    let from = 0;
    const open = lastChunk.get(series) as OpenChunk | undefined;
    if (open && open.attempt_seq === attemptSeq && open.count < CHUNK_POINTS) {
      const to = Math.min(n, CHUNK_POINTS - open.count);
      const tail = { lastStep: open.last_step, lastTime: open.last_time };
      const more = encode(tail, cols, 0, to);
      const [min, max] = minMax(cols.steps, 0, to);
      const sorted = open.sorted && isSorted(cols.steps, 0, to, open.last_step) ? 1 : 0;
      grow.run(
        open.count + to,
        Math.min(open.min_step, min),
        Math.max(open.max_step, max),
        cols.steps[to - 1],
        cols.times[to - 1],
        sorted,
        Buffer.concat([chunkData.get(open.id) as Buffer, more]),
        open.id,
      );
      from = to;
    }
    for (; from < n; from += CHUNK_POINTS) {
      const to = Math.min(n, from + CHUNK_POINTS);
      const [min, max] = minMax(cols.steps, from, to);
      const data = encode({ lastStep: 0, lastTime: 0 }, cols, from, to);
      const sorted = isSorted(cols.steps, from, to, -Infinity) ? 1 : 0;
      addChunk.run(
        series,
        attemptSeq,
        to - from,
        min,
        max,
        cols.steps[to - 1],
        cols.times[to - 1],
        sorted,
        data,
      );
    }
  }

  return {
    /** Stores one batch's points for a run, in the order they came, under the attempt given. */
    write(runId: number, attemptSeq: number, points: readonly WirePoint[]): void {
      const byKey = new Map<string, Columns>();
      for (const p of points) {
        let cols = byKey.get(p.k);
        if (!cols) byKey.set(p.k, (cols = { steps: [], times: [], values: [] }));
        cols.steps.push(p.s);
        cols.times.push(Math.round(p.t * 1000));
        cols.values.push(p.v);
      }
      for (const [key, cols] of byKey) {
        const id =
          (seriesId.get(runId, key) as number | undefined) ??
          Number(addSeries.run(runId, key).lastInsertRowid);
        writeSeries(id, attemptSeq, cols);
      }
    },
  };
}

function encode(
  tail: { lastStep: number; lastTime: number },
  cols: Columns,
  from: number,
  to: number,
) {
  return encodePoints(
    tail,
    cols.steps.slice(from, to),
    cols.times.slice(from, to),
    cols.values.slice(from, to),
  );
}

interface StoredChunk {
  attempt_seq: number;
  count: number;
  max_step: number;
  sorted: number;
  data: Buffer;
}

/** A rewind: points of attempts that started before `seqStart` are hidden after `step`. */
export interface Rewind {
  seqStart: number;
  step: number;
}

/** The highest step of an attempt still shown: later attempts' rewinds hide the rest. */
export function visibleUpTo(attemptSeq: number, rewinds: readonly Rewind[]): number {
  let limit = Infinity;
  for (const r of rewinds) if (r.seqStart > attemptSeq && r.step < limit) limit = r.step;
  return limit;
}

/** Reads a series back: every chunk decoded, superseded points left out, ordered by step. */
export function createChunkReader(db: Db) {
  const chunks = db.prepare(
    `SELECT c.attempt_seq, c.count, c.max_step, c.sorted, c.data FROM tracker_chunks c
     JOIN tracker_series s ON s.id = c.series_id WHERE s.run_id = ? AND s.key = ? ORDER BY c.id`,
  );
  return (runId: number, key: string, rewinds: readonly Rewind[]): Series => {
    const rows = chunks.all(runId, key) as StoredChunk[];
    let total = 0;
    for (const row of rows) total += row.count;
    const all = {
      steps: new Float64Array(total),
      times: new Float64Array(total),
      values: new Float64Array(total),
    };
    let at = 0;
    let inOrder = true;
    let keep: Uint8Array | undefined;
    for (const row of rows) {
      const start = at;
      at = decodePoints(row.data, row.count, all, at);
      if (
        !row.sorted ||
        (start > 0 && (all.steps[start] as number) < (all.steps[start - 1] as number))
      ) {
        inOrder = false;
      }
      const limit = visibleUpTo(row.attempt_seq, rewinds);
      if (row.max_step <= limit) continue;
      keep ??= new Uint8Array(total).fill(1);
      for (let i = start; i < at; i++) if ((all.steps[i] as number) > limit) keep[i] = 0;
    }
    return arrange(key, all, keep, inOrder);
  };
}

/** Drops hidden points and orders by step (stable: equal steps keep their arrival order). */
function arrange(
  key: string,
  all: { steps: Float64Array; times: Float64Array; values: Float64Array },
  keep: Uint8Array | undefined,
  inOrder: boolean,
): Series {
  if (!keep && inOrder) return { key, ...all };
  const order: number[] = [];
  for (let i = 0; i < all.steps.length; i++) if (!keep || keep[i]) order.push(i);
  if (!inOrder) order.sort((a, b) => (all.steps[a] as number) - (all.steps[b] as number) || a - b);
  const out: Series = {
    key,
    steps: new Float64Array(order.length),
    times: new Float64Array(order.length),
    values: new Float64Array(order.length),
  };
  order.forEach((i, j) => {
    out.steps[j] = all.steps[i] as number;
    out.times[j] = all.times[i] as number;
    out.values[j] = all.values[i] as number;
  });
  return out;
}
