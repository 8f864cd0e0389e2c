import { describe, expect, it } from 'vitest';
import {
  parseCondition,
  parseSort,
  queryRuns,
  type TrackerStore,
} from '../../src/tracker/index.js';
import type { Batch, WirePoint } from '../../src/tracker/types.js';

const T0 = 1_780_000_000;
export const points = (key: string, from: number, to: number, value = (s: number) => s / 10) =>
  Array.from({ length: to - from + 1 }, (_, i): WirePoint => {
    const s = from + i;
    return { k: key, s, v: value(s), t: T0 + s * 0.1 };
  });
export const batch = (run: string, seq: number, pts: WirePoint[]): Batch => ({
  run,
  seq,
  points: pts,
});

export interface OpenedStore {
  store: TrackerStore;
  /** Bytes the store takes on disk now, settled (checkpointed, vacuumed). */
  bytesOnDisk(): Promise<number>;
}

/** The behaviour every TrackerStore keeps, run against SQLite (unit) and PostgreSQL (integration). */
export function describeTrackerStore(name: string, open: () => Promise<OpenedStore>): void {
  describe(name, () => {
    it('stores a run with its job, config and tags, and finds it by project, status and tag', async () => {
      const { store } = await open();
      const { run, created, attempt, seqStart } = await store.startRun(
        {
          uid: 'a1',
          project: 'gpt',
          name: 'lr-3e-4',
          config: { optim: { lr: 3e-4 }, layers: 12 },
          tags: ['baseline', 'v2'],
          cluster: 'dev',
          jobId: '42_3',
          arrayTask: 3,
          restartCount: 0,
          gitCommit: 'abc',
          gitDirty: true,
          command: ['python', 'train.py'],
        },
        1000,
      );
      expect([created, attempt, seqStart]).toEqual([true, 1, 1]);
      expect(run).toMatchObject({
        uid: 'a1',
        project: 'gpt',
        config: { optim: { lr: 3e-4 }, layers: 12 },
        tags: ['baseline', 'v2'],
        jobId: '42_3',
        arrayTask: 3,
        gitDirty: true,
        command: ['python', 'train.py'],
        status: 'running',
        attempts: 1,
      });
      await store.startRun({ uid: 'b2', project: 'other', tags: ['v2'] }, 1001);
      expect((await store.listRuns({ tag: 'v2' })).map((r) => r.uid)).toEqual(['b2', 'a1']);
      expect((await store.listRuns({ project: 'gpt' })).map((r) => r.uid)).toEqual(['a1']);
      await store.finishRun('b2', 'failed', 1, 2000);
      expect((await store.listRuns({ status: 'running' })).map((r) => r.uid)).toEqual(['a1']);
      expect(await store.getRun('b2')).toMatchObject({
        status: 'failed',
        exitCode: 1,
        endedAt: 2000,
      });
    });

    it('applies each (run, seq) once, however often it comes', async () => {
      const { store } = await open();
      await store.startRun({ uid: 'r', project: 'p' }, 0);
      const b1 = batch('r', 1, points('loss', 0, 9));
      const b2 = batch('r', 2, points('loss', 10, 19));
      expect(await store.applyBatches([b1, b2], 1)).toEqual({
        applied: 2,
        duplicates: 0,
        points: 20,
      });
      expect(await store.applyBatches([b2, b1], 2)).toEqual({
        applied: 0,
        duplicates: 2,
        points: 0,
      });
      const series = await store.readSeries('r', 'loss');
      expect([...series.steps]).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(series.values[5]).toBe(0.5);
      expect(series.times[5]).toBe(Math.round((T0 + 0.5) * 1000));
      expect(await store.nextSeq('r')).toBe(3);
    });

    it('keeps the files a run declares: the latest declaration of a path, a retried batch once, then what a look saw', async () => {
      const { store } = await open();
      await store.startRun({ uid: 'f1', project: 'p' }, 1000);
      const ckpt = (path: string, size: number, t: number) =>
        ({ path, kind: 'checkpoint', size, mtime: t - 1, t }) as const;
      const first: Batch = {
        ...batch('f1', 1, points('loss', 0, 9)),
        files: [
          ckpt('/lustre/u/run/ckpt/epoch1.pt', 100, T0 + 1),
          { path: '/lustre/u/run/train.log', kind: 'log', t: T0 + 1 },
          // Declared twice in one batch: the later one is what counts.
          ckpt('/lustre/u/run/ckpt/last.pt', 100, T0 + 1),
          ckpt('/lustre/u/run/ckpt/last.pt', 250, T0 + 2),
        ],
      };
      await store.applyBatches([first], 2000);
      // The same batch again (from the spool) and an older declaration after a newer one.
      await store.applyBatches([first], 2100);
      const later: Batch = {
        ...batch('f1', 2, []),
        files: [
          ckpt('/lustre/u/run/ckpt/last.pt', 400, T0 + 5),
          { path: '/lustre/u/run/model.onnx', kind: 'artifact', size: 7, t: T0 + 5 },
        ],
      };
      const stale: Batch = {
        ...batch('f1', 3, []),
        files: [ckpt('/lustre/u/run/ckpt/last.pt', 1, T0)],
      };
      await store.applyBatches([later, stale], 2200);
      const files = await store.runFiles('f1');
      expect(files.map((f) => [f.kind, f.path, f.size])).toEqual([
        ['checkpoint', '/lustre/u/run/ckpt/epoch1.pt', 100],
        ['checkpoint', '/lustre/u/run/ckpt/last.pt', 400],
        ['artifact', '/lustre/u/run/model.onnx', 7],
        ['log', '/lustre/u/run/train.log', undefined],
      ]);
      expect(files[1]).toMatchObject({
        mtime: (T0 + 4) * 1000,
        declaredAt: (T0 + 5) * 1000,
        checkedAt: undefined,
        missing: false,
      });
      const checked = await store.recordFileChecks(
        'f1',
        [
          {
            path: '/lustre/u/run/ckpt/epoch1.pt',
            size: undefined,
            mtime: undefined,
            missing: true,
          },
          { path: '/lustre/u/run/train.log', size: 5000, mtime: (T0 + 9) * 1000, missing: false },
          { path: '/not/declared', size: 1, mtime: 1, missing: false },
        ],
        3000,
      );
      expect(checked.map((f) => [f.path, f.size, f.missing, f.checkedAt])).toEqual([
        ['/lustre/u/run/ckpt/epoch1.pt', 100, true, 3000],
        ['/lustre/u/run/ckpt/last.pt', 400, false, undefined],
        ['/lustre/u/run/model.onnx', 7, false, undefined],
        ['/lustre/u/run/train.log', 5000, false, 3000],
      ]);
      // Declared again after it was seen gone (a new epoch1.pt): present again, look forgotten.
      await store.applyBatches(
        [{ ...batch('f1', 4, []), files: [ckpt('/lustre/u/run/ckpt/epoch1.pt', 120, T0 + 20)] }],
        4000,
      );
      expect((await store.runFiles('f1'))[0]).toMatchObject({
        size: 120,
        missing: false,
        checkedAt: undefined,
      });
      await expect(store.runFiles('nope')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    });

    it('refuses batches of an unknown run, storing none of the call', async () => {
      const { store } = await open();
      await store.startRun({ uid: 'r', project: 'p' }, 0);
      await expect(
        store.applyBatches([batch('r', 1, points('x', 0, 1)), batch('nope', 1, [])], 1),
      ).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
      expect((await store.readSeries('r', 'x')).steps).toHaveLength(0);
    });

    it('keeps many keys, NaN and infinities, and points that come out of step order', async () => {
      const { store } = await open();
      await store.startRun({ uid: 'r', project: 'p' }, 0);
      await store.applyBatches(
        [
          batch('r', 1, [
            { k: 'sys/gpu0/util', s: 5, v: 90, t: T0 },
            { k: 'loss', s: 5, v: Number.NaN, t: T0 },
            { k: 'loss', s: 3, v: Number.POSITIVE_INFINITY, t: T0 + 1 },
          ]),
          batch('r', 2, [{ k: 'loss', s: 4, v: -2.5, t: T0 + 2 }]),
        ],
        1,
      );
      expect(await store.metricKeys('r')).toEqual(['loss', 'sys/gpu0/util']);
      const loss = await store.readSeries('r', 'loss');
      expect([...loss.steps]).toEqual([3, 4, 5]);
      expect([...loss.values]).toEqual([Number.POSITIVE_INFINITY, -2.5, Number.NaN]);
    });

    it('on resume_step=N hides the earlier attempt after N, without losing or repeating a step', async () => {
      const { store } = await open();
      await store.startRun({ uid: 'r', project: 'p', jobId: '7' }, 0);
      await store.applyBatches(
        [
          batch(
            'r',
            1,
            points('loss', 0, 99, () => 1),
          ),
        ],
        1,
      );
      // Requeued: training resumes from the checkpoint of step 50 and logs 51.. again.
      const resumed = await store.startRun(
        { uid: 'r', project: 'p', jobId: '7', restartCount: 1, resumeStep: 50, seqStart: 2 },
        2,
      );
      expect(resumed).toMatchObject({ created: false, attempt: 2, seqStart: 2 });
      expect(resumed.run).toMatchObject({ attempts: 2, restartCount: 1, status: 'running' });
      await store.applyBatches(
        [
          batch(
            'r',
            2,
            points('loss', 51, 120, () => 2),
          ),
        ],
        3,
      );
      const series = await store.readSeries('r', 'loss');
      expect([...series.steps]).toEqual(Array.from({ length: 121 }, (_, i) => i));
      expect(series.values[50]).toBe(1);
      expect(series.values[51]).toBe(2);
      // The same resume again (from the spool's run.json) opens no third attempt.
      const again = await store.startRun(
        { uid: 'r', project: 'p', resumeStep: 50, seqStart: 2 },
        4,
      );
      expect(again.attempt).toBe(2);
      expect((await store.getRun('r'))?.attempts).toBe(2);
    });

    it('leaves a finished run finished when its init comes again (the spool after HTTP)', async () => {
      const { store } = await open();
      const init = { uid: 'r', project: 'p', seqStart: 1, startedAt: 1_780_000_000.5 };
      await store.startRun(init, 0);
      await store.finishRun('r', 'failed', 1, 5);
      const again = await store.startRun(init, 9);
      expect(again).toMatchObject({ created: false, attempt: 1 });
      expect(again.run).toMatchObject({ status: 'failed', endedAt: 5, attempts: 1 });
      // Requeued before it logged anything: a new init at the same seq opens the run again.
      const requeued = await store.startRun(
        { ...init, startedAt: 1_780_000_100, restartCount: 1 },
        10,
      );
      expect(requeued.run).toMatchObject({ status: 'running', restartCount: 1, attempts: 1 });
    });

    it('counts a late batch of the earlier attempt under that attempt, by its seq', async () => {
      const { store } = await open();
      await store.startRun({ uid: 'r', project: 'p' }, 0);
      await store.applyBatches(
        [
          batch(
            'r',
            1,
            points('loss', 0, 9, () => 1),
          ),
        ],
        1,
      );
      await store.startRun({ uid: 'r', project: 'p', resumeStep: 5, seqStart: 3 }, 2);
      await store.applyBatches(
        [
          batch(
            'r',
            3,
            points('loss', 6, 12, () => 2),
          ),
        ],
        3,
      );
      // Batch 2 of the first attempt (steps 10..14) arrives late, from the spool.
      await store.applyBatches(
        [
          batch(
            'r',
            2,
            points('loss', 10, 14, () => 1),
          ),
        ],
        4,
      );
      const series = await store.readSeries('r', 'loss');
      expect([...series.steps]).toEqual(Array.from({ length: 13 }, (_, i) => i));
      expect([...series.values].slice(5)).toEqual([1, 2, 2, 2, 2, 2, 2, 2]);
    });

    it("gives a job's real end to its runs", async () => {
      const { store } = await open();
      await store.startRun({ uid: 'r', project: 'p', cluster: 'dev', jobId: '9' }, 10);
      await store.startRun({ uid: 's', project: 'p', cluster: 'dev', jobId: '10' }, 10);
      const changed = await store.recordJobEnd(
        { cluster: 'dev', jobId: '9', outcome: 'OUT_OF_MEMORY', exitCode: 0, endedAt: 50 },
        60,
      );
      expect(changed.map((r) => [r.uid, r.status, r.jobOutcome])).toEqual([
        ['r', 'failed', 'OUT_OF_MEMORY'],
      ]);
    });

    it('keeps an old end of a job id from a run that started well after it (the id was reused)', async () => {
      const { store } = await open();
      await store.startRun(
        { uid: 'new', project: 'p', cluster: 'dev', jobId: '9', startedAt: 3600 },
        3_600_000,
      );
      const end = {
        cluster: 'dev',
        jobId: '9',
        outcome: 'FAILED',
        exitCode: 1,
        endedAt: 1_000_000,
      };
      expect(await store.recordJobEnd(end, 3_700_000)).toEqual([]);
      expect((await store.getRun('new'))?.status).toBe('running');
    });

    it('answers the runs table query: a nested param filter, a metric sort, a page and its total', async () => {
      const { store } = await open();
      for (const [i, lr] of [0.1, 0.01, 0.001].entries()) {
        const uid = `q${i}`;
        await store.startRun({ uid, project: 'sweep', config: { optim: { lr } } }, 1000 + i);
        await store.applyBatches(
          [
            batch(
              uid,
              1,
              points('loss', 0, 9, (s) => (s === 5 ? -i : 1)),
            ),
          ],
          2000 + i,
        );
      }
      const result = await queryRuns(store, {
        filter: { project: 'sweep' },
        where: [parseCondition('params.optim.lr<0.05')],
        sort: parseSort('metrics.loss.min'),
        metrics: ['loss'],
        limit: 1,
      });
      expect(result.runs.map((r) => r.uid)).toEqual(['q2']);
      expect(result.total).toBe(2);
      expect(result.summaries['q2']?.['loss']).toMatchObject({ min: -2, max: 1, points: 10 });
    });

    it('writes a 10k-point batch in one transaction and keeps a point within 16 bytes on disk', async () => {
      const { store, bytesOnDisk } = await open();
      await store.startRun({ uid: 'big', project: 'p' }, 0);
      const before = await bytesOnDisk();
      const keys = ['loss', 'acc', 'lr', 'sys/gpu0/util'];
      let seq = 0;
      for (let start = 0; start < 200_000; start += 2500) {
        const pts = keys.flatMap((k) => points(k, start, start + 2499, (s) => Math.sin(s) * 3));
        await store.applyBatches([batch('big', ++seq, pts)], seq);
      }
      const bytes = (await bytesOnDisk()) - before;
      expect(bytes / 800_000).toBeLessThanOrEqual(16);
      expect((await store.readSeries('big', 'acc')).steps).toHaveLength(200_000);
    });

    it('downsamples a long series from block summaries to exactly the points M4 keeps of all of them', async () => {
      const { store } = await open();
      await store.startRun({ uid: 'long', project: 'p' }, 0);
      // Noise with spikes, NaN, ties and a flat stretch; batches of odd sizes grow open chunks.
      let x = 7;
      const random = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      const value = (s: number) =>
        s % 9973 === 0
          ? NaN
          : s % 7919 === 0
            ? 50 + s / 1e4
            : s > 60_000 && s < 61_000
              ? 1
              : Math.round(random() * 100) / 100;
      let seq = 0;
      for (let start = 0; start < 120_000;) {
        const size = 700 + (seq % 5) * 911;
        await store.applyBatches(
          [batch('long', ++seq, points('loss', start, start + size - 1, value))],
          seq,
        );
        start += size;
      }
      const full = await store.readSeries('long', 'loss');
      const { downsampleM4 } = await import('../../src/tracker/downsample.js');
      for (const width of [1000, 1500, 2000, 333, 1]) {
        const { series, total } = await store.readDownsampled('long', 'loss', width);
        expect(total).toBe(full.steps.length);
        const expected = downsampleM4(full, width);
        expect(Array.from(series.steps), `width ${width}`).toEqual(Array.from(expected.steps));
        expect(Array.from(series.values)).toEqual(Array.from(expected.values));
        expect(Array.from(series.times)).toEqual(Array.from(expected.times));
      }
      // The extremes of the whole series are there, exactly.
      const { series } = await store.readDownsampled('long', 'loss', 1500);
      const finite = (values: Float64Array) => Array.from(values).filter((v) => !Number.isNaN(v));
      expect(Math.max(...finite(series.values))).toBe(Math.max(...finite(full.values)));
      expect(Math.min(...finite(series.values))).toBe(Math.min(...finite(full.values)));
      // A small series comes back whole.
      expect((await store.readDownsampled('long', 'loss', 100_000)).series.steps).toHaveLength(
        full.steps.length,
      );
    });

    it('downsamples a resumed or unordered series the same way, reading every point', async () => {
      const { store } = await open();
      await store.startRun({ uid: 'resumed', project: 'p' }, 0);
      await store.applyBatches(
        [
          batch(
            'resumed',
            1,
            points('loss', 0, 9999, (s) => s % 17),
          ),
        ],
        1,
      );
      await store.startRun({ uid: 'resumed', project: 'p', resumeStep: 4000, seqStart: 2 }, 2);
      await store.applyBatches(
        [
          batch(
            'resumed',
            2,
            points('loss', 4001, 12_000, (s) => -s),
          ),
        ],
        3,
      );
      await store.applyBatches([batch('resumed', 3, points('acc', 5000, 5999).reverse())], 4);
      const { downsampleM4 } = await import('../../src/tracker/downsample.js');
      for (const key of ['loss', 'acc']) {
        const full = await store.readSeries('resumed', key);
        const { series, total } = await store.readDownsampled('resumed', key, 200);
        expect(total).toBe(full.steps.length);
        expect(Array.from(series.steps)).toEqual(Array.from(downsampleM4(full, 200).steps));
        expect(Array.from(series.values)).toEqual(Array.from(downsampleM4(full, 200).values));
      }
    });
  });
}
