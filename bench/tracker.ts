import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createLogger } from '../src/core/logger.js';
import { openTokenStore, startServer } from '../src/server/index.js';
import { openDatabase } from '../src/store/index.js';
import {
  createPostgresTrackerStore,
  createSqliteTrackerStore,
  downsampleM4,
  type TrackerStore,
} from '../src/tracker/index.js';
import { startPostgres } from '../test/helpers/postgres.js';

const POINTS = Number(process.env['BENCH_POINTS'] ?? 1_000_000);
const BATCH = 10_000;
const KEYS = ['loss', 'acc', 'lr', 'sys/gpu0/util'];
const T0 = 1_780_000_000;

interface Row {
  k: string;
  s: number;
  v: number;
  t: number;
}

/** The same points for both sides: KEYS.length series, a training-like curve with noise. */
function batchPoints(index: number, keys = KEYS): Row[] {
  const perKey = BATCH / keys.length;
  const rows: Row[] = [];
  for (const k of keys) {
    for (let i = 0; i < perKey; i++) {
      const s = index * perKey + i;
      rows.push({ k, s, v: 1 / (1 + s / 1000) + Math.random() * 0.01, t: T0 + s * 0.05 });
    }
  }
  return rows;
}

const sizeOf = (file: string) => {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(file + suffix).size;
    } catch {
      // no WAL file
    }
  }
  return total;
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** p50/p95 (ms) of `read`, `times` times, after one warm-up. */
async function timed(times: number, read: () => Promise<unknown>) {
  await read();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await read();
    ms.push(performance.now() - t);
  }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

/**
 * The chart read of one long series, side by side in one store: every point decoded and M4
 * over all of them (the way before), and `readDownsampled` from the block summaries.
 */
async function compareChartReads(label: string, store: TrackerStore, uid: string, key: string) {
  console.log(`
${label}: M4 of the whole ${key} series, 20 reads each (ms):`);
  for (const width of [1000, 2000]) {
    const full = await timed(20, async () => downsampleM4(await store.readSeries(uid, key), width));
    const summaries = await timed(20, () => store.readDownsampled(uid, key, width));
    const f = (n: number) => n.toFixed(1).padStart(6);
    console.log(
      `  width ${width}: every point p50 ${f(full.p50)} p95 ${f(full.p95)}   summaries p50 ${f(summaries.p50)} p95 ${f(summaries.p95)}   (${(full.p95 / summaries.p95).toFixed(1)}x at p95)`,
    );
  }
}

/** The same series in a throwaway PostgreSQL, when one can be started here. */
async function postgresChartReads(): Promise<void> {
  let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
  try {
    postgres = await startPostgres();
  } catch (error) {
    console.log(`
PostgreSQL: skipped (${String(error).split('\n')[0]})`);
    return;
  }
  const store = createPostgresTrackerStore(await postgres.createDatabase('bench'));
  try {
    await store.startRun({ uid: 'series', project: 'bench' }, 0);
    for (let i = 0; i < POINTS / BATCH; i++) {
      await store.applyBatches(
        [{ run: 'series', seq: i + 1, points: batchPoints(i, ['loss']) }],
        i,
      );
    }
    await compareChartReads('PostgreSQL store', store, 'series', 'loss');
  } finally {
    await store.close();
    postgres.stop();
  }
}

/** The naive way: a row a point, prepared inserts, one transaction a batch, same durability. */
function rawInserts(batches: Row[][]): { seconds: number; bytesPerPoint: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'slurmdeck-bench-raw-')), 'raw.db');
  const db = openDatabase({ file });
  db.exec(
    'CREATE TABLE points (run_id INTEGER NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL, value REAL, wall_time REAL NOT NULL)',
  );
  db.exec('CREATE INDEX points_by_series ON points (run_id, key, step)');
  const before = sizeOf(file);
  const insert = db.prepare('INSERT INTO points VALUES (1, ?, ?, ?, ?)');
  const write = db.transaction((rows: Row[]) => {
    for (const r of rows) insert.run(r.k, r.s, r.v, r.t);
  });
  const start = performance.now();
  for (const rows of batches) write(rows);
  const seconds = (performance.now() - start) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytesPerPoint = (sizeOf(file) - before) / POINTS;
  db.close();
  return { seconds, bytesPerPoint };
}

/**
 * `npm run bench -- tracker`: HTTP NDJSON ingest of 10k-point batches into a real server vs raw
 * better-sqlite3 inserts of the same rows (target >= 0.5x, >= 250k points/s), bytes per point on
 * disk (target <= 16), and a downsampled read of a 1M-point series (target p95 <= 50 ms).
 */
export async function benchTracker(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-bench-tracker-'));
  process.env['SLURMDECK_STATE_DIR'] = dir;
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, 'clusters:\n  dev:\n    transport: local\n');
  const dbFile = join(dir, 'slurmdeck.db');
  const tokens = openTokenStore(dbFile);
  const token = tokens.create('bench', 'operate');
  tokens.close();
  let batches = Array.from({ length: POINTS / BATCH }, (_, i) => batchPoints(i));
  let bodies = batches.map(
    (points, i) => `${JSON.stringify({ run: 'bench', seq: i + 1, points })}\n`,
  );
  console.log(
    `${POINTS} points in ${batches.length} NDJSON batches of ${BATCH} (${KEYS.length} series)`,
  );

  const server = await startServer({ configFile, port: 0, log: createLogger('warn') });
  const headers = { authorization: `Bearer ${token}` };
  try {
    const created = await fetch(`${server.url}/api/tracker/runs`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ run: 'bench', project: 'bench' }),
    });
    if (created.status !== 201)
      throw new Error(`create: ${created.status} ${await created.text()}`);
    const before = sizeOf(dbFile);
    const start = performance.now();
    for (const body of bodies) {
      const res = await fetch(`${server.url}/api/tracker/batches`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-ndjson' },
        body,
      });
      if (res.status !== 200) throw new Error(`batch: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    const httpSeconds = (performance.now() - start) / 1000;
    const raw = rawInserts(batches);
    // The read side below runs in this process too: let the ingest's million objects go first.
    batches = [];
    bodies = [];
    const oursRate = POINTS / httpSeconds;
    const rawRate = POINTS / raw.seconds;
    console.log('\ningest (one transaction a 10k-point batch, synchronous=FULL):');
    console.log(
      `  HTTP NDJSON into serve        ${Math.round(oursRate).toLocaleString('en')} points/s`,
    );
    console.log(
      `  raw better-sqlite3 inserts    ${Math.round(rawRate).toLocaleString('en')} points/s`,
    );
    console.log(`  ratio ${(oursRate / rawRate).toFixed(2)}x (target >= 0.5x; >= 250k points/s)`);

    const check = new Database(dbFile);
    check.pragma('wal_checkpoint(TRUNCATE)');
    check.close();
    const oursBytes = (sizeOf(dbFile) - before) / POINTS;
    console.log('\nbytes per point on disk (table and index, after a checkpoint):');
    console.log(`  packed chunks (ours)          ${oursBytes.toFixed(1)}   (target <= 16)`);
    console.log(`  a row a point (raw)           ${raw.bytesPerPoint.toFixed(1)}`);

    // One series of POINTS points for the read side.
    await fetch(`${server.url}/api/tracker/runs`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ run: 'series', project: 'bench' }),
    });
    for (let i = 0; i < POINTS / BATCH; i++) {
      const body = JSON.stringify({ run: 'series', seq: i + 1, points: batchPoints(i, ['loss']) });
      const res = await fetch(`${server.url}/api/tracker/batches`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-ndjson' },
        body,
      });
      await res.arrayBuffer();
    }
    for (const width of [1000, 2000]) {
      const times: number[] = [];
      let total = 0;
      let shown = 0;
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        const res = await fetch(
          `${server.url}/api/tracker/runs/series/metric?key=loss&width=${width}`,
          { headers },
        );
        const body = (await res.json()) as { total: number; steps: number[] };
        times.push(performance.now() - t);
        total = body.total;
        shown = body.steps.length;
      }
      console.log(
        `\nGET metric?width=${width} of a ${total.toLocaleString('en')}-point series (${shown} points back), 40 times:`,
      );
      console.log(
        `  p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms (target p95 <= 50 ms)`,
      );
    }
    const db = openDatabase({ file: dbFile });
    try {
      await compareChartReads('SQLite store', createSqliteTrackerStore(db), 'series', 'loss');
    } finally {
      db.close();
    }
  } finally {
    await server.close();
  }
  await postgresChartReads();
}
