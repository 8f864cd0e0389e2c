import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';
import { readEvents } from '../../../test/helpers/sse.js';

const T0 = 1_780_000_000;
const json = { 'content-type': 'application/json' };

async function setup() {
  const server = serverUnderTest({ eventPollMs: 10 });
  const writer = server.tokens.create('trainer', 'operate');
  const reader = server.tokens.create('viewer', 'read');
  const post = (path: string, body: unknown) =>
    server.request(path, {
      method: 'POST',
      token: writer,
      headers: json,
      body: JSON.stringify(body),
    });
  const get = (path: string) => server.request(path, { token: reader });
  const getJson = async <T = Record<string, unknown>>(path: string) => {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const loss = (run: string, seq: number, from: number, values: number[]) =>
    post('/api/tracker/batches', {
      run,
      seq,
      points: values.map((v, i) => ({ k: 'loss', s: from + i, v, t: T0 + from + i })),
    });
  await post('/api/tracker/runs', {
    run: 'r1',
    project: 'gpt',
    config: { optimizer: { lr: 0.1 }, seed: 1 },
  });
  await post('/api/tracker/runs', {
    run: 'r2',
    project: 'gpt',
    config: { optimizer: { lr: 0.01 }, seed: 1 },
  });
  await post('/api/tracker/runs', {
    run: 'r3',
    project: 'bert',
    config: { optimizer: { lr: 0.5 } },
    tags: ['x'],
  });
  await loss('r1', 1, 0, [4, 2, 3]);
  await loss('r2', 1, 0, [5, 1, 6]);
  return { ...server, post, get, getJson, loss, reader };
}

type RunsAnswer = {
  runs: Array<{ uid: string }>;
  total: number;
  summaries: Record<string, Record<string, { min: number } | null>>;
};
const uids = (answer: RunsAnswer) => answer.runs.map((r) => r.uid);

describe('the runs table query', () => {
  it('filters by nested params (repeatable filter) and sorts by a metric, with a total and summaries', async () => {
    const { getJson } = await setup();
    const byParam = await getJson<RunsAnswer>(
      `/api/tracker/runs?filter=${encodeURIComponent('params.optimizer.lr<0.5')}&filter=project=gpt`,
    );
    expect(uids(byParam).sort()).toEqual(['r1', 'r2']);
    const sorted = await getJson<RunsAnswer>(
      '/api/tracker/runs?sort=metrics.loss.min&metrics=loss&limit=2',
    );
    expect(uids(sorted)).toEqual(['r2', 'r1']);
    expect(sorted.total).toBe(3);
    expect(sorted.summaries['r2']?.['loss']).toMatchObject({ min: 1, max: 6, last: 6, points: 3 });
    const grouped = await getJson<RunsAnswer>('/api/tracker/runs?group=experiment');
    expect(uids(grouped)).toEqual(['r3', 'r2', 'r1']);
  });

  it('answers 400 with a hint for a filter it cannot read', async () => {
    const { get } = await setup();
    const res = await get('/api/tracker/runs?filter=flavour=sweet');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'INVALID_ARGUMENT',
      hint: expect.stringMatching(/params\.PATH/),
    });
  });
});

describe('compare, series and CSV', () => {
  it('compares runs: every param flattened, the differing ones marked, and the metric keys', async () => {
    const { getJson } = await setup();
    const answer = await getJson<{ params: unknown[]; keys: string[]; runs: unknown[] }>(
      '/api/tracker/compare?ids=r1,r2,r3',
    );
    expect(answer.runs).toHaveLength(3);
    expect(answer.keys).toEqual(['loss']);
    expect(answer.params).toEqual([
      { key: 'optimizer.lr', values: [0.1, 0.01, 0.5], differs: true },
      { key: 'seed', values: [1, 1, null], differs: true },
    ]);
    const same = await getJson<{ params: unknown[] }>('/api/tracker/compare?ids=r1,r1');
    expect(same.params).toEqual([
      { key: 'optimizer.lr', values: [0.1], differs: false },
      { key: 'seed', values: [1], differs: false },
    ]);
  });

  it('gives one metric of several runs in one answer, reduced to the width, finer when zoomed', async () => {
    const { get, getJson, loss } = await setup();
    await loss(
      'r1',
      2,
      3,
      Array.from({ length: 10_000 }, (_, i) => (i === 5000 ? 100 : i % 3)),
    );
    type Answer = {
      series: Array<{
        uid: string;
        total: number;
        inRange: number;
        steps: number[];
        values: number[];
      }>;
    };
    const whole = await getJson<Answer>('/api/tracker/series?ids=r1,r2,r3&key=loss&width=50');
    expect(whole.series.map((s) => s.uid)).toEqual(['r1', 'r2']);
    const r1 = whole.series[0];
    expect(r1?.total).toBe(10_003);
    expect(r1?.steps.length).toBeLessThanOrEqual(200);
    expect(Math.max(...(r1?.values ?? []))).toBe(100);
    const zoomed = await getJson<Answer>(
      '/api/tracker/series?ids=r1&key=loss&width=50&from=5000&to=5100',
    );
    const z = zoomed.series[0];
    expect(z?.inRange).toBe(103);
    expect(z?.steps[0]).toBe(4999);
    expect(z?.steps.at(-1)).toBe(5101);
    // Finer than the whole view: in this range the whole view had at most a few points.
    expect(z?.steps.filter((s) => s >= 5000 && s <= 5100).length).toBeGreaterThan(
      r1?.steps.filter((s) => s >= 5000 && s <= 5100).length ?? 0,
    );
    const single = await getJson<{ inRange: number }>(
      '/api/tracker/runs/r1/metric?key=loss&from=2&to=3',
    );
    expect(single.inRange).toBe(4);
    expect((await get('/api/tracker/series?ids=r1,nope&key=loss')).status).toBe(404);
    const packed = await getJson<{ series: Array<{ steps32: string; values32: string }> }>(
      '/api/tracker/series?ids=r2&key=loss&encoding=packed',
    );
    const bytes = Buffer.from(packed.series[0]?.steps32 ?? '', 'base64');
    expect(Array.from(new Uint32Array(bytes.buffer, bytes.byteOffset, 3))).toEqual([0, 1, 2]);
  });

  it('gives each line of a chart of many runs one point a pixel, spikes kept', async () => {
    const { post, getJson } = await setup();
    const ids: string[] = [];
    for (let r = 0; r < 12; r++) {
      const run = `many${r}`;
      ids.push(run);
      await post('/api/tracker/runs', { run, project: 'sweep' });
      await post('/api/tracker/batches', {
        run,
        seq: 1,
        points: Array.from({ length: 2000 }, (_, i) => ({
          k: 'loss',
          s: i,
          v: i === 1234 ? 99 : Math.sin(i / 40),
          t: T0 + i,
        })),
      });
    }
    const answer = await getJson<{ series: Array<{ steps: number[]; values: number[] }> }>(
      `/api/tracker/series?ids=${ids.join(',')}&key=loss&width=100`,
    );
    expect(answer.series).toHaveLength(12);
    for (const line of answer.series) {
      expect(line.steps.length).toBeLessThanOrEqual(100);
      expect(Math.max(...line.values)).toBe(99);
    }
  });

  it("streams a run's metrics as CSV: all keys, or one key, as an attachment", async () => {
    const { get, post } = await setup();
    await post('/api/tracker/batches', {
      run: 'r1',
      seq: 2,
      points: [{ k: 'acc', s: 7, v: 0.5, t: T0 }],
    });
    const all = await get('/api/tracker/runs/r1/csv');
    expect(all.headers.get('content-type')).toMatch(/text\/csv/);
    expect(all.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
    expect(await all.text()).toBe(
      `run,key,step,value,wall_time\nr1,acc,7,0.5,${T0}\nr1,loss,0,4,${T0}\nr1,loss,1,2,${T0 + 1}\nr1,loss,2,3,${T0 + 2}\n`,
    );
    const one = await get('/api/tracker/runs/r1/csv?key=acc');
    expect((await one.text()).trim().split('\n')).toHaveLength(2);
    expect((await get('/api/tracker/runs/nope/csv')).status).toBe(404);
  });
});

describe('live runs on the event stream', () => {
  it('tells a stream following a run that it got new points, and that it finished', async () => {
    const { get, loss, post } = await setup();
    const res = await get('/api/events?runs=r1');
    setTimeout(() => void loss('r1', 2, 3, [1, 2]), 30);
    setTimeout(() => void loss('r2', 2, 3, [1]), 30);
    // A run on a cluster this server does not know: its event must not stop the stream.
    setTimeout(
      () => void post('/api/tracker/runs', { run: 'r9', project: 'x', cluster: 'elsewhere' }),
      30,
    );
    setTimeout(() => void post('/api/tracker/runs/r1/finish', {}), 700);
    const events = await readEvents(res, (e) => e.some((x) => x.event === 'run'));
    const metrics = events
      .filter((e) => e.event === 'metrics')
      .map((e) => JSON.parse(e.data) as unknown);
    expect(metrics).toEqual([{ runs: ['r1'] }]);
    const run = events.find((e) => e.event === 'run');
    expect(JSON.parse(run?.data ?? '{}')).toEqual({ uid: 'r1', kind: 'tracker.run.finished' });
  });
});
