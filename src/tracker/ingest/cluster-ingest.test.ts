import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { createEventLog } from '../../events/index.js';
import { openDatabase, type Db } from '../../store/index.js';
import { createLocalTransport } from '../../transport/index.js';
import type { ExecOptions, Transport } from '../../transport/types.js';
import { createSpoolCursorStore, type SpoolCursorStore } from '../spool-cursor-store.js';
import { createSqliteTrackerStore } from '../sqlite-store.js';
import { frameRecord } from '../tensorboard/tfrecord.js';
import { createTracker, type Tracker } from '../tracker.js';
import { ClusterIngest, type IngestJob } from './cluster-ingest.js';

// Real files and real processes (the read script under sh on this machine), an in-memory store.
let dir: string;
let db: Db;
let tracker: Tracker;
let cursors: SpoolCursorStore;
let execs = 0;
/** The largest read any tail request asked for. */
let largestRead = 0;
const log = createLogger('silent');
const local = createLocalTransport();
const transport: Transport = {
  ...local,
  exec: (argv: readonly string[], options?: ExecOptions) => {
    execs++;
    for (const request of String(options?.stdin ?? '').split('\n')) {
      if (request.startsWith('T '))
        largestRead = Math.max(largestRead, Number(request.split(' ')[4]));
    }
    return local.exec(argv, options);
  },
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cluster-ingest-'));
  db = openDatabase({ file: ':memory:' });
  tracker = createTracker({ store: createSqliteTrackerStore(db), events: createEventLog(db) });
  cursors = createSpoolCursorStore(db);
  execs = 0;
  largestRead = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const job = (id: string, workDir: string, name = 'train'): IngestJob => ({
  jobId: id,
  name,
  workDir,
  addedAt: Date.now(),
});
const newIngest = (options: { searchEveryMs?: number; now?: () => number } = {}) =>
  new ClusterIngest({
    cluster: 'dev',
    transport,
    tracker,
    cursors,
    log,
    searchEveryMs: 0,
    ...options,
  });

const line = (run: string, seq: number, steps: number[]) =>
  `${JSON.stringify({ run, seq, points: steps.map((s) => ({ k: 'loss', s, v: s / 10, t: 1.8e9 + s })) })}\n`;

/** A backlog of `count` one-point batches padded to about 1 KB a line, in a spool's batches file. */
function writeBacklog(batches: string, run: string, count: number) {
  const pad = 'x'.repeat(1000);
  const text = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ run, seq: i + 1, points: [{ k: 'loss', s: i, v: 1, t: 1.8e9 }], pad }),
  );
  writeFileSync(batches, `${text.join('\n')}\n`);
}

/** A run folder as a job's client leaves it; run.json names the job when `jobId` is given. */
function spoolRun(
  workDir: string,
  uid: string,
  spoolDir = join(workDir, '.slurmdeck'),
  jobId?: string,
) {
  const runDir = join(spoolDir, 'tracker', uid);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(
    join(runDir, 'run.json'),
    JSON.stringify({ run: uid, project: 'p', ...(jobId ? { job_id: jobId } : {}) }),
  );
  return join(runDir, 'batches.ndjson');
}

/** One `simple_value` Event as torch's SummaryWriter writes it, framed as a TFRecord. */
function scalarRecord(tag: string, step: number, value: number, wall = 1.8e9 + step): Buffer {
  const varint = (n: number) => {
    const out: number[] = [];
    while (n > 127) {
      out.push((n & 127) | 128);
      n = Math.floor(n / 128);
    }
    out.push(n);
    return Buffer.from(out);
  };
  const field = (tagByte: number, bytes: Buffer) =>
    Buffer.concat([Buffer.from([tagByte]), varint(bytes.length), bytes]);
  const float = Buffer.alloc(4);
  float.writeFloatLE(value);
  const val = Buffer.concat([field(0x0a, Buffer.from(tag)), Buffer.from([0x15]), float]);
  const wallBytes = Buffer.alloc(8);
  wallBytes.writeDoubleLE(wall);
  const event = Buffer.concat([
    Buffer.from([0x09]),
    wallBytes,
    Buffer.from([0x10]),
    varint(step),
    field(0x2a, field(0x0a, val)),
  ]);
  return frameRecord(event);
}
const records = (from: number, to: number) =>
  Buffer.concat(Array.from({ length: to - from }, (_, i) => scalarRecord('acc', from + i, 0.5)));

async function steps(uid: string, key = 'loss') {
  return [...(await tracker.store.readSeries(uid, key)).steps];
}
async function pollUntilQuiet(ingest: ClusterIngest, jobs: IngestJob[]) {
  for (let i = 0; i < 6; i++) await ingest.poll(jobs);
}

describe('ClusterIngest', () => {
  it('applies run.json, then the batch lines of every run, in one command per poll', async () => {
    const a = spoolRun(join(dir, 'a'), 'run-a', undefined, '7');
    const b = spoolRun(join(dir, 'b'), 'run-b', undefined, '8');
    writeFileSync(a, line('run-a', 1, [0, 1]) + line('run-a', 2, [2]));
    writeFileSync(b, line('run-b', 1, [5]) + '{"run":"run-b","seq":2,"po');
    const ingest = newIngest();
    const jobs = [job('7', join(dir, 'a')), job('8', join(dir, 'b'))];
    await pollUntilQuiet(ingest, jobs);
    expect(execs).toBe(6);
    expect(await steps('run-a')).toEqual([0, 1, 2]);
    expect(await steps('run-b')).toEqual([5]);
    expect((await tracker.store.getRun('run-a'))?.jobId).toBe('7');
    appendFileSync(b, 'ints":[{"k":"loss","s":6,"v":1,"t":1}]}\n');
    await ingest.poll(jobs);
    expect(await steps('run-b')).toEqual([5, 6]);
  });

  it('reads a spool backlog of many MiB in a few large reads, every line once', async () => {
    const workDir = join(dir, 'big');
    const batches = spoolRun(workDir, 'big');
    const count = 10_000; // about 10 MB: reads of 4 MiB would take three polls
    writeBacklog(batches, 'big', count);
    const ingest = newIngest();
    const jobs = [job('9', workDir)];
    let points = 0;
    for (let polls = 0, more = true; more; polls++) {
      expect(polls).toBeLessThan(4);
      const result = await ingest.poll(jobs);
      points += result.points;
      more = result.more;
    }
    expect(points).toBe(count);
    expect(largestRead).toBeGreaterThan(4 * 1024 * 1024);
    expect(await steps('big')).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('reads the next part of a backlog while it stores this one, and never reads more often', async () => {
    const workDir = join(dir, 'ahead');
    const batches = spoolRun(workDir, 'ahead');
    const count = 16_000; // about 16 MB, read 4 MiB a poll
    writeBacklog(batches, 'ahead', count);
    const seen: string[] = [];
    const noting: Transport = {
      ...local,
      exec: (argv: readonly string[], options?: ExecOptions) => {
        seen.push('read');
        return local.exec(argv, options);
      },
    };
    const apply = tracker.applyBatches.bind(tracker);
    tracker.applyBatches = async (list) => {
      seen.push('store');
      return apply(list);
    };
    const ingest = new ClusterIngest({
      cluster: 'dev',
      transport: noting,
      tracker,
      cursors,
      log,
      searchEveryMs: 0,
      maxBytesPerPoll: 4 * 1024 * 1024,
    });
    let polls = 0;
    for (let more = true; more; polls++) more = (await ingest.poll([job('5', workDir)])).more;
    expect(await steps('ahead')).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(seen.filter((s) => s === 'read')).toHaveLength(polls);
    // Each store of a part but the last comes after the read of the next part has started:
    // the first poll's read (it finds the run), this part's, and the next one's.
    const stores = seen.flatMap((s, i) => (s === 'store' ? [i] : []));
    expect(stores.length).toBeGreaterThanOrEqual(3);
    for (const [n, at] of stores.slice(0, -1).entries()) {
      expect(seen.slice(0, at).filter((s) => s === 'read')).toHaveLength(n + 3);
    }
  });

  it('reads again what was read ahead when the store refused this part (its run not there yet)', async () => {
    const workDir = join(dir, 'late');
    const batches = spoolRun(workDir, 'late');
    const runJson = join(workDir, '.slurmdeck', 'tracker', 'late', 'run.json');
    writeFileSync(runJson, '{"not": "a run"}');
    writeBacklog(batches, 'late', 9000);
    const ingest = newIngest();
    const jobs = [job('6', workDir)];
    for (let i = 0; i < 3; i++) await ingest.poll(jobs);
    expect(await tracker.store.getRun('late')).toBeUndefined();
    writeFileSync(`${runJson}.new`, JSON.stringify({ run: 'late', project: 'p', job_id: '6' }));
    renameSync(`${runJson}.new`, runJson);
    for (let more = true; more;) more = (await ingest.poll(jobs)).more;
    expect(await steps('late')).toEqual(Array.from({ length: 9000 }, (_, i) => i));
  });

  it("keeps a job's spool to its own runs: not another job's running run, nor a run a line names outside its folder", async () => {
    const victimDir = join(dir, 'v');
    writeFileSync(spoolRun(victimDir, 'victim', undefined, '20'), line('victim', 1, [0]));
    const ingest = newIngest();
    await pollUntilQuiet(ingest, [job('20', victimDir)]);
    const otherDir = join(dir, 'o');
    writeFileSync(spoolRun(otherDir, 'victim', undefined, '21'), line('victim', 2, [99]));
    writeFileSync(
      spoolRun(otherDir, 'mine', undefined, '21'),
      line('victim', 3, [98]) + line('mine', 1, [5]),
    );
    await pollUntilQuiet(ingest, [job('20', victimDir), job('21', otherDir)]);
    expect(await steps('victim')).toEqual([0]);
    expect(await steps('mine')).toEqual([5]);
    expect(await tracker.store.getRun('victim')).toMatchObject({ jobId: '20', cluster: 'dev' });
    // Once job 20's run has ended, job 21 may continue it (as a job token may): read again.
    await tracker.finishRun('victim', 'finished', 0, Date.now());
    await pollUntilQuiet(ingest, [job('20', victimDir), job('21', otherDir)]);
    expect(await tracker.store.getRun('victim')).toMatchObject({ jobId: '21' });
    expect(await steps('victim')).toEqual([0, 99]);
  });

  it('goes on after a restart from the saved cursors, and counts lines applied but not saved once', async () => {
    const workDir = join(dir, 'w');
    const batches = spoolRun(workDir, 'r');
    writeFileSync(batches, line('r', 1, [0]) + line('r', 2, [1]));
    const jobs = [job('7', workDir)];
    await pollUntilQuiet(newIngest(), jobs);
    // A crash after the store applied seq 3 but before its cursor was saved.
    appendFileSync(batches, line('r', 3, [2]));
    const save = cursors.save;
    cursors.save = (_cluster, _kind, list) => {
      if (list.length > 0) throw new Error('crash');
    };
    const crashed = newIngest();
    await expect(pollUntilQuiet(crashed, jobs)).rejects.toThrow('crash');
    expect(await steps('r')).toEqual([0, 1, 2]);
    cursors.save = save;
    appendFileSync(batches, line('r', 4, [3]));
    await pollUntilQuiet(newIngest(), jobs);
    expect(await steps('r')).toEqual([0, 1, 2, 3]);
    expect(await tracker.store.nextSeq('r')).toBe(5);
  });

  it('skips a line that is not a batch and applies the ones around it', async () => {
    const workDir = join(dir, 'bad');
    writeFileSync(spoolRun(workDir, 'x'), line('x', 1, [0]) + '{"run":"x"}\n' + line('x', 2, [1]));
    await pollUntilQuiet(newIngest(), [job('7', workDir)]);
    expect(await steps('x')).toEqual([0, 1]);
  });

  it('imports a TensorBoard file into a run of the job, each point once, across a crash before the save', async () => {
    const workDir = join(dir, 'tb');
    mkdirSync(join(workDir, 'runs', 'exp1'), { recursive: true });
    const file = join(workDir, 'runs', 'exp1', 'events.out.tfevents.1.n1.1.0');
    writeFileSync(file, records(0, 50));
    const jobs = [job('42', workDir, 'resnet')];
    await pollUntilQuiet(newIngest(), jobs);
    const [run] = await tracker.store.listRuns({ jobId: '42' });
    expect(run).toMatchObject({
      name: 'resnet 42 runs/exp1',
      cluster: 'dev',
      tags: ['tensorboard'],
    });
    const uid = run?.uid as string;
    expect(await steps(uid, 'acc')).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // Applied, not saved; then more records: read again from the older cursor, nothing twice.
    appendFileSync(file, records(50, 60));
    const save = cursors.save;
    cursors.save = (_cluster, _kind, list) => {
      if (list.length > 0) throw new Error('crash');
    };
    await expect(pollUntilQuiet(newIngest(), jobs)).rejects.toThrow('crash');
    cursors.save = save;
    appendFileSync(
      file,
      Buffer.concat([records(60, 70), scalarRecord('acc', 70, 1).subarray(0, 9)]),
    );
    await pollUntilQuiet(newIngest(), jobs);
    expect(await steps(uid, 'acc')).toEqual(Array.from({ length: 70 }, (_, i) => i));
  });

  it('leaves out a TensorBoard point no store can take, and keeps the points around it', async () => {
    const workDir = join(dir, 'tb');
    mkdirSync(workDir, { recursive: true });
    const huge = 2 ** 52; // past the steps a store keeps exactly
    writeFileSync(
      join(workDir, 'events.out.tfevents.1.n1.1.0'),
      Buffer.concat([records(0, 5), scalarRecord('acc', huge, 1), records(5, 10)]),
    );
    await pollUntilQuiet(newIngest(), [job('43', workDir)]);
    const [run] = await tracker.store.listRuns({ jobId: '43' });
    expect(await steps(run?.uid as string, 'acc')).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('finds the spool and TensorBoard folders the runner recorded for the job', async () => {
    const workDir = join(dir, 'job');
    const spool = join(dir, 'scratch', 'spool');
    const logs = join(dir, 'scratch', 'tb');
    mkdirSync(join(workDir, '.slurmdeck', 'ingest'), { recursive: true });
    mkdirSync(logs, { recursive: true });
    writeFileSync(
      join(workDir, '.slurmdeck', 'ingest', '9.json'),
      JSON.stringify({ spoolDir: spool, tensorboard: ['../scratch/tb'] }),
    );
    writeFileSync(spoolRun(workDir, 's', spool), line('s', 1, [0]));
    writeFileSync(join(logs, 'events.out.tfevents.2.n2.1.0'), records(0, 3));
    await pollUntilQuiet(newIngest(), [job('9', workDir)]);
    expect(await steps('s')).toEqual([0]);
    const [run] = await tracker.store.listRuns({ jobId: '9', tag: 'tensorboard' });
    expect(await steps(run?.uid as string, 'acc')).toEqual([0, 1, 2]);
  });

  it("finds each array task's record under the array's job id: each task its own run", async () => {
    const workDir = join(dir, 'array');
    mkdirSync(join(workDir, '.slurmdeck', 'ingest'), { recursive: true });
    for (const task of [0, 1]) {
      const spool = join(dir, `spool-${task}`);
      writeFileSync(
        join(workDir, '.slurmdeck', 'ingest', `12_${task}.json`),
        JSON.stringify({ spoolDir: spool }),
      );
      const uid = `t${task}`;
      const runDir = join(spool, 'tracker', uid);
      mkdirSync(runDir, { recursive: true });
      writeFileSync(
        join(runDir, 'run.json'),
        JSON.stringify({ run: uid, project: 'p', job_id: `12_${task}`, array_task: task }),
      );
      writeFileSync(join(runDir, 'batches.ndjson'), line(uid, 1, [task, 10 + task]));
    }
    // Not the array's: another job's id that starts alike.
    writeFileSync(join(workDir, '.slurmdeck', 'ingest', '123_0.json'), '{"spoolDir": "/nowhere"}');
    await pollUntilQuiet(newIngest(), [job('12', workDir)]);
    const runs = await tracker.store.listRuns({ project: 'p' });
    expect(runs.map((r) => [r.uid, r.jobId, r.arrayTask]).sort()).toEqual([
      ['t0', '12_0', 0],
      ['t1', '12_1', 1],
    ]);
    expect(await steps('t1')).toEqual([1, 11]);
  });

  it("takes the client's finish.json as the run's end, after its points, unless the job's end came first", async () => {
    const workDir = join(dir, 'finish');
    writeFileSync(spoolRun(workDir, 'f'), line('f', 1, [0, 1]));
    const ingest = newIngest();
    await pollUntilQuiet(ingest, [job('7', workDir)]);
    expect((await tracker.store.getRun('f'))?.status).toBe('running');
    const finish = join(workDir, '.slurmdeck', 'tracker', 'f', 'finish.json');
    writeFileSync(finish, JSON.stringify({ status: 'failed', exit_code: 3, t: 1_800_000_000.5 }));
    await pollUntilQuiet(ingest, [job('7', workDir)]);
    expect(await tracker.store.getRun('f')).toMatchObject({
      status: 'failed',
      exitCode: 3,
      endedAt: 1_800_000_000_500,
    });
    // A run the watcher ended keeps the job's end.
    const g = spoolRun(workDir, 'g');
    writeFileSync(g, line('g', 1, [0]));
    writeFileSync(
      join(workDir, '.slurmdeck', 'tracker', 'g', 'run.json'),
      JSON.stringify({ run: 'g', project: 'p', job_id: '7', cluster: 'dev' }),
    );
    await pollUntilQuiet(ingest, [job('7', workDir)]);
    await tracker.recordJobEnd({
      cluster: 'dev',
      jobId: '7',
      outcome: 'TIMEOUT',
      endedAt: Date.now(),
    });
    const ended = await tracker.store.getRun('g');
    expect(ended).toMatchObject({ status: 'failed', jobOutcome: 'TIMEOUT' });
    writeFileSync(
      join(workDir, '.slurmdeck', 'tracker', 'g', 'finish.json'),
      JSON.stringify({ status: 'finished', exit_code: 0, t: 1_800_000_000 }),
    );
    await pollUntilQuiet(ingest, [job('7', workDir)]);
    expect(await tracker.store.getRun('g')).toEqual(ended);
  });

  it('searches folders for new event files only every searchEveryMs, and reads followed ones every poll', async () => {
    const workDir = join(dir, 'search');
    mkdirSync(workDir, { recursive: true });
    const first = join(workDir, 'events.out.tfevents.1.n1.1.0');
    writeFileSync(first, records(0, 2));
    let clock = 0;
    const ingest = newIngest({ searchEveryMs: 10_000, now: () => clock });
    const jobs = [job('6', workDir)];
    await pollUntilQuiet(ingest, jobs);
    writeFileSync(join(workDir, 'events.out.tfevents.2.n1.1.0'), records(0, 1));
    appendFileSync(first, records(2, 3));
    await pollUntilQuiet(ingest, jobs);
    expect(await tracker.store.listRuns({ jobId: '6' })).toHaveLength(1);
    const [run] = await tracker.store.listRuns({ jobId: '6' });
    expect(await steps(run?.uid as string, 'acc')).toEqual([0, 1, 2]);
    clock = 10_000;
    await pollUntilQuiet(ingest, jobs);
    expect(await tracker.store.listRuns({ jobId: '6' })).toHaveLength(2);
  });

  it('leaves event files last written an hour before the job was watched', async () => {
    const workDir = join(dir, 'old');
    mkdirSync(workDir, { recursive: true });
    writeFileSync(join(workDir, 'events.out.tfevents.3.n1.1.0'), records(0, 3));
    await pollUntilQuiet(newIngest(), [
      { ...job('5', workDir), addedAt: Date.now() + 2 * 3600_000 },
    ]);
    expect(await tracker.store.listRuns({ jobId: '5' })).toEqual([]);
  });
});
