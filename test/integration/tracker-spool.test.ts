import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSlurmClient } from '../../src/slurm/index.js';
import { openDatabase } from '../../src/store/index.js';
import { createSpoolCursorStore } from '../../src/tracker/spool-cursor-store.js';
import { SpoolTailer, type SpoolPoll } from '../../src/tracker/spool-tailer.js';
import { createSshTransport } from '../../src/transport/index.js';
import type { ExecOptions, Transport } from '../../src/transport/types.js';
import { loginTarget } from './dev-cluster-info.js';

// The login host shares this machine's filesystem: files written here are the compute nodes'
// spool files as the login node sees them; the tailer reads them there, as the test user.
const root = inject('devRoot');
const scratch = mkdtempSync(join(root, 'test', 'tracker-spool-'));
chmodSync(scratch, 0o755);
let ssh: Transport;
let execs = 0;

/** The ssh transport, counting commands: a poll must be one. */
const counted = (inner: Transport): Transport => ({
  kind: inner.kind,
  target: inner.target,
  close: () => inner.close(),
  exec: (argv: readonly string[], options?: ExecOptions) => {
    execs++;
    return inner.exec(argv, options);
  },
});

const batch = (run: string, seq: number) =>
  JSON.stringify({ run, seq, points: [{ k: 'loss', s: seq, v: 1 / seq, t: 1_800_000_000 + seq }] });

/** A spool root (`<workdir>/.slurmdeck`) with one run folder, readable by the test user. */
function spoolRoot(name: string, uid: string) {
  const spool = join(scratch, name, '.slurmdeck');
  const dir = join(spool, 'tracker', uid);
  mkdirSync(dir, { recursive: true });
  for (const d of [join(scratch, name), spool, join(spool, 'tracker'), dir]) chmodSync(d, 0o755);
  return { spool, dir, batches: join(dir, 'batches.ndjson'), runJson: join(dir, 'run.json') };
}

/** Polls, applies (collects) every line and commits, like the ingesting caller. */
async function pollAndApply(
  tailer: SpoolTailer,
  seen: string[],
  events: string[] = [],
): Promise<SpoolPoll> {
  const before = execs;
  const result = await tailer.poll();
  expect(execs - before).toBe(1);
  for (const file of result.files) {
    seen.push(...file.lines.map((line) => line.text));
    if (file.event) events.push(file.event);
    tailer.commit(file.next);
  }
  return result;
}

beforeAll(() => {
  ssh = counted(createSshTransport(loginTarget()));
});

afterAll(async () => {
  await ssh?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('spool tailer on the login host over ssh', () => {
  it('finds new run folders, reads run.json and every run in one command per poll', async () => {
    const runs = ['a1', 'b2', 'c3'].map((uid) => ({ uid, ...spoolRoot(`job-${uid}`, uid) }));
    for (const run of runs) {
      writeFileSync(run.runJson, JSON.stringify({ uid: run.uid, project: 'p' }), { mode: 0o644 });
      writeFileSync(run.batches, `${batch(run.uid, 1)}\n${batch(run.uid, 2)}\n`, { mode: 0o644 });
    }
    const tailer = new SpoolTailer({ transport: ssh });
    for (const run of runs) tailer.watchRoot(run.spool);
    const seen: string[] = [];
    const first = await pollAndApply(tailer, seen);
    expect(first.runs.map((r) => r.uid).sort()).toEqual(['a1', 'b2', 'c3']);
    expect(seen).toEqual([]);
    const second = await pollAndApply(tailer, seen);
    expect(second.runs.map((r) => JSON.parse(r.init ?? '{}').uid).sort()).toEqual([
      'a1',
      'b2',
      'c3',
    ]);
    expect(seen).toHaveLength(6);
    expect(second.files.every((f) => f.uid !== undefined)).toBe(true);
    // Nothing new: run.json is not sent again, no lines.
    const third = await pollAndApply(tailer, seen);
    expect(third.runs).toEqual([]);
    expect(seen).toHaveLength(6);
  });

  it('keeps a partial last line until the client completes it', async () => {
    const { spool, batches } = spoolRoot('partial', 'p1');
    const line2 = batch('p1', 2);
    writeFileSync(batches, `${batch('p1', 1)}\n${line2.slice(0, 25)}`, { mode: 0o644 });
    const tailer = new SpoolTailer({ transport: ssh });
    tailer.watchRoot(spool);
    const seen: string[] = [];
    await pollAndApply(tailer, seen);
    await pollAndApply(tailer, seen);
    expect(seen).toEqual([batch('p1', 1)]);
    appendFileSync(batches, `${line2.slice(25)}\n`);
    await pollAndApply(tailer, seen);
    expect(seen).toEqual([batch('p1', 1), line2]);
  });

  it('reads a truncated file again from its start, once the shorter size is seen twice', async () => {
    const { spool, batches } = spoolRoot('truncated', 't1');
    writeFileSync(batches, [1, 2, 3].map((s) => `${batch('t1', s)}\n`).join(''), { mode: 0o644 });
    const tailer = new SpoolTailer({ transport: ssh });
    tailer.watchRoot(spool);
    const seen: string[] = [];
    const events: string[] = [];
    await pollAndApply(tailer, seen);
    await pollAndApply(tailer, seen);
    expect(seen).toHaveLength(3);
    writeFileSync(batches, `${batch('t1', 4)}\n`); // O_TRUNC: same inode, shorter
    for (let i = 0; i < 3; i++) await pollAndApply(tailer, seen, events);
    expect(events).toEqual(['shrink-suspected', 'truncated']);
    expect(seen.slice(3)).toEqual([batch('t1', 4)]);
  });

  it('reads a replaced file (renamed over the old one) from its start', async () => {
    const { spool, dir, batches } = spoolRoot('replaced', 'r1');
    writeFileSync(batches, `${batch('r1', 1)}\n`, { mode: 0o644 });
    const tailer = new SpoolTailer({ transport: ssh });
    tailer.watchRoot(spool);
    const seen: string[] = [];
    const events: string[] = [];
    await pollAndApply(tailer, seen);
    await pollAndApply(tailer, seen);
    const next = join(dir, 'batches.ndjson.new');
    writeFileSync(next, `${batch('r1', 1)}\n${batch('r1', 2)}\n`, { mode: 0o644 });
    renameSync(next, batches);
    await pollAndApply(tailer, seen, events);
    await pollAndApply(tailer, seen, events);
    expect(events).toEqual(['replaced']);
    // Line 1 comes again (the server applies each seq once), then line 2.
    expect(seen).toEqual([batch('r1', 1), batch('r1', 1), batch('r1', 2)]);
  });

  it('goes on from the offsets stored before a crash, without reading applied lines again', async () => {
    const { spool, batches } = spoolRoot('crash', 'k1');
    writeFileSync(batches, `${batch('k1', 1)}\n${batch('k1', 2)}\n`, { mode: 0o644 });
    const db = openDatabase({ file: ':memory:' });
    const store = createSpoolCursorStore(db);
    const first = new SpoolTailer({ transport: ssh });
    first.watchRoot(spool);
    const seen: string[] = [];
    await first.poll();
    const result = await first.poll();
    for (const file of result.files) {
      seen.push(...file.lines.map((l) => l.text));
      store.save('dev', 'spool', [file.next]); // applied, then stored
      first.commit(file.next);
    }
    appendFileSync(batches, `${batch('k1', 3)}\n`);
    // A new process: same roots, cursors from the store.
    const second = new SpoolTailer({ transport: ssh });
    second.restore(store.load('dev', 'spool'));
    second.watchRoot(spool);
    await pollAndApply(second, seen);
    await pollAndApply(second, seen);
    expect(seen).toEqual([1, 2, 3].map((s) => batch('k1', s)));
  });

  it('reads a large backlog in bounded polls', async () => {
    const { spool, batches } = spoolRoot('backlog', 'g1');
    const lines = Array.from({ length: 2000 }, (_, i) => batch('g1', i + 1));
    writeFileSync(batches, lines.map((l) => `${l}\n`).join(''), { mode: 0o644 });
    const tailer = new SpoolTailer({ transport: ssh, maxBytesPerFile: 32 * 1024 });
    tailer.watchRoot(spool);
    const seen: string[] = [];
    let polls = 0;
    for (let more = true; more || polls < 2; polls++)
      more = (await pollAndApply(tailer, seen)).more;
    expect(seen).toEqual(lines);
    expect(polls).toBeGreaterThan(4);
  });

  it('follows a batch job on a compute node writing its spool, halves of lines apart, each line once', async () => {
    const slurm = createSlurmClient(ssh, { user: 'sduser' });
    const home = (await ssh.exec(['sh', '-c', 'echo "$HOME"'])).stdout.trim();
    const workDir = `${home}/slurmdeck-tracker-spool-${Date.now()}`;
    await ssh.exec(['mkdir', '-p', workDir]);
    // What a client on a compute node without network does: run.json atomically, then whole
    // lines appended, here each in two writes 50 ms apart (the tailer sees the first half alone).
    const script = `d=.slurmdeck/tracker/job-$SLURM_JOB_ID; mkdir -p $d
printf '{"uid":"job-%s","host":"%s"}' $SLURM_JOB_ID $(hostname) > $d/run.json.tmp && mv $d/run.json.tmp $d/run.json
for s in $(seq 1 40); do
  line=$(printf '{"run":"job-%s","seq":%d,"points":[{"k":"loss","s":%d,"v":0.5,"t":1800000000}]}' $SLURM_JOB_ID $s $s)
  head=\${line%??????????}
  printf '%s' "$head" >> $d/batches.ndjson
  sleep 0.05
  printf '%s\n' "\${line#"$head"}" >> $d/batches.ndjson
done`;
    const tailer = new SpoolTailer({ transport: ssh });
    tailer.watchRoot(`${workDir}/.slurmdeck`);
    const seen: string[] = [];
    const inits: string[] = [];
    try {
      const { jobId } = await slurm.submit({
        wrap: script,
        chdir: workDir,
        output: '/dev/null',
        jobName: 'tracker-spool',
      });
      const deadline = Date.now() + 90_000;
      while (seen.length < 40 && Date.now() < deadline) {
        const result = await pollAndApply(tailer, seen);
        inits.push(...result.runs.flatMap((run) => (run.init ? [run.init] : [])));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await pollAndApply(tailer, seen);
      expect(seen.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      expect(seen.every((line) => line.includes(`"run":"job-${jobId}"`))).toBe(true);
      expect(JSON.parse(inits[0] ?? '{}')).toMatchObject({
        uid: `job-${jobId}`,
        host: expect.stringMatching(/^n[1-3]$/),
      });
    } finally {
      await ssh.exec(['rm', '-rf', workDir]);
    }
  });
});
