import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpoolTailer } from '../src/tracker/spool-tailer.js';
import { splitLines } from '../src/tracker/spool-lines.js';
import { EventFileTailer } from '../src/tracker/tensorboard/event-file-tailer.js';
import { readEventChunk } from '../src/tracker/tensorboard/read-events.js';
import { createLocalTransport } from '../src/transport/index.js';
import { runProcess } from '../src/transport/run-process.js';

const SPOOL_POINTS = Number(process.env['BENCH_SPOOL_POINTS'] ?? 1_000_000);
const TB_POINTS = Number(process.env['BENCH_TB_POINTS'] ?? 200_000);
const POINTS_PER_BATCH = 1000;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const PYTHON = join(process.env['SLURMDECK_PY'] ?? '/opt/slurmdeck-py', 'bin');
// Generated files are kept between runs: writing 200k scalars with torch takes seconds.
// No 'tfevents' in folder names: TensorBoard's Python loader takes such a folder for an event file.
const DIR = process.env['BENCH_DIR'] ?? join(tmpdir(), 'slurmdeck-bench-tracker-files');

interface Row {
  label: string;
  points: number;
  ms: number;
  /** Points the reader keeps and serves, when not all of them. */
  kept?: number;
}

/** The spool file a compute node's client leaves: one batch of 1000 points per line. */
function spoolFile(): string {
  const dir = join(DIR, `spool-${SPOOL_POINTS}`, 'tracker', 'bench-run');
  const file = join(dir, 'batches.ndjson');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  for (let seq = 0; seq * POINTS_PER_BATCH < SPOOL_POINTS; seq++) {
    const points = [];
    for (let i = 0; i < POINTS_PER_BATCH; i++) {
      const step = seq * POINTS_PER_BATCH + i;
      points.push({
        k: i % 2 ? 'loss' : 'acc',
        s: step,
        v: 1 / (step + 1),
        t: 1_800_000_000 + step / 10,
      });
    }
    lines.push(JSON.stringify({ run: 'bench-run', seq, points }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** An event file written by torch's SummaryWriter: TB_POINTS scalars of one tag. */
async function eventsDir(): Promise<string> {
  const dir = join(DIR, `event-file-${TB_POINTS}`);
  if (existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('events.out'))) return dir;
  const script = `import sys
from torch.utils.tensorboard import SummaryWriter
w = SummaryWriter(sys.argv[1], flush_secs=3600, max_queue=10000)
for s in range(int(sys.argv[2])): w.add_scalar('loss', 1.0 / (s + 1), s)
w.close()`;
  console.log(`writing ${TB_POINTS} scalars with torch's SummaryWriter (kept in ${dir})...`);
  const result = await runProcess([join(PYTHON, 'python'), '-c', script, dir, String(TB_POINTS)], {
    timeoutMs: 600_000,
  });
  if (result.exitCode !== 0) throw new Error(`the writer failed: ${result.stderr.slice(-1000)}`);
  return dir;
}

/** The best of ROUNDS runs (the machine is shared: the fastest run is the least disturbed). */
async function best(label: string, run: () => Promise<number> | number): Promise<Row> {
  let ms = Infinity;
  let points = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    points = await run();
    ms = Math.min(ms, performance.now() - start);
  }
  return { label, points, ms };
}

function countBatchPoints(lines: { text: string }[]): number {
  let points = 0;
  for (const line of lines)
    points += (JSON.parse(line.text) as { points: unknown[] }).points.length;
  return points;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** TensorBoard started on the folder, until its scalars endpoint serves the last step. */
async function tensorboard(dir: string, fast: boolean): Promise<Row> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(
    join(PYTHON, 'tensorboard'),
    [
      '--logdir',
      dir,
      '--port',
      String(port),
      '--bind_all',
      `--load_fast=${fast}`,
      '--reload_interval',
      '1',
    ],
    { stdio: 'ignore' },
  );
  const label = `TensorBoard ${fast ? '(Rust data server)' : '(Python loader)'}`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${label} exited ${child.exitCode}`);
      if (performance.now() - start > 300_000) throw new Error(`${label} did not serve in 5 min`);
      const rows = await fetch(
        `http://127.0.0.1:${port}/data/plugin/scalars/scalars?run=.&tag=loss`,
      )
        .then((res) => (res.ok ? (res.json() as Promise<[number, number, number][]>) : []))
        .catch(() => []);
      if (rows.at(-1)?.[1] === TB_POINTS - 1) {
        return { label, points: TB_POINTS, ms: performance.now() - start, kept: rows.length };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill('SIGTERM');
  }
}

const rate = (row: Row) => (row.points / row.ms) * 1000;

/** Spool and TensorBoard-file import in points/s (target >= 1M/s), beside TensorBoard loading the same file. */
export async function benchTrackerFiles(): Promise<void> {
  const local = createLocalTransport();
  const spool = spoolFile();
  const spoolBytes = readFileSync(spool);
  const rows: Row[] = [];

  rows.push(
    await best('spool: lines + JSON.parse, in process', () =>
      countBatchPoints(splitLines(spoolBytes, 0).lines),
    ),
  );
  rows.push(
    await best('spool: SpoolTailer, local exec', async () => {
      const tailer = new SpoolTailer({ transport: local, maxBytesPerFile: 256 * 1024 * 1024 });
      tailer.follow(spool);
      let points = 0;
      for (let more = true; more;) {
        const poll = await tailer.poll();
        for (const file of poll.files) {
          points += countBatchPoints(file.lines);
          tailer.commit(file.next);
        }
        more = poll.more;
      }
      return points;
    }),
  );

  const events = await eventsDir();
  const eventFile = join(
    events,
    readdirSync(events).find((f) => f.startsWith('events.out')) as string,
  );
  const eventBytes = readFileSync(eventFile);
  rows.push(
    await best(
      'tfevents: decode, in process',
      () => readEventChunk(eventBytes, 0, new Map()).points.length,
    ),
  );
  rows.push(
    await best('tfevents: EventFileTailer, local exec', async () => {
      const tailer = new EventFileTailer({ transport: local, maxBytesPerFile: 256 * 1024 * 1024 });
      tailer.follow(eventFile);
      let points = 0;
      for (let more = true; more;) {
        const poll = await tailer.poll();
        for (const file of poll.files) {
          points += file.points.length;
          tailer.commit(file.next);
        }
        more = poll.more;
      }
      return points;
    }),
  );
  for (const fast of [false, true]) {
    rows.push(
      await tensorboard(events, fast).catch((error: Error) => ({
        label: error.message,
        points: 0,
        ms: NaN,
      })),
    );
  }

  console.log(
    `\nspool ${SPOOL_POINTS} points (${(spoolBytes.length / 1e6).toFixed(1)} MB), event file ${TB_POINTS} points from torch's SummaryWriter (${(eventBytes.length / 1e6).toFixed(1)} MB); best of ${ROUNDS} for ours`,
  );
  console.log(
    `${''.padEnd(42)}${'points'.padStart(10)}${'ms'.padStart(10)}${'points/s'.padStart(14)}${'kept'.padStart(10)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(42)}${String(row.points).padStart(10)}${row.ms.toFixed(0).padStart(10)}${Math.round(rate(row)).toLocaleString('en').padStart(14)}${String(row.kept ?? row.points).padStart(10)}`,
    );
  }
  const ours = rows.find((r) => r.label.startsWith('tfevents: EventFileTailer'));
  const theirs = rows.filter((r) => r.label.startsWith('TensorBoard') && r.points > 0);
  if (ours && theirs.length) {
    const fastest = Math.min(...theirs.map((r) => r.ms));
    console.log(
      `\nevent file import vs TensorBoard serving it: ${(fastest / ours.ms).toFixed(1)}x faster, ` +
        `${ours.points} points kept vs ${theirs.map((r) => r.kept).join('/')}; target >= 1M points/s`,
    );
  }
}
