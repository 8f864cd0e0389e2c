import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../test/helpers/server-fakes.js';
import { createJobTokens } from '../tracker/index.js';
import { isRunOfJob } from './job-run-scope.js';

const json = { 'content-type': 'application/json' };
const points = [{ k: 'loss', s: 0, v: 1, t: 1_780_000_000 }];

/** A server with a run of job 17 (made by an operator) and the token of job 4242, both on dev. */
async function setup() {
  const server = serverUnderTest();
  const jobTokens = createJobTokens(server.deps.db);
  const { id, token } = jobTokens.issue('dev', 3600_000);
  jobTokens.bind(id, '4242');
  const operator = server.tokens.create('op', 'operate');
  const send = (who: string, method: string, path: string, body?: unknown) =>
    server.request(path, {
      method,
      token: who,
      headers: json,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const other = { run: 'other', project: 'p', cluster: 'dev', job_id: '17' };
  expect((await send(operator, 'POST', '/api/tracker/runs', other)).status).toBe(201);
  expect(
    (await send(operator, 'POST', '/api/tracker/batches', { run: 'other', seq: 1, points })).status,
  ).toBe(200);
  return {
    server,
    jobTokens,
    call: (method: string, path: string, body?: unknown) => send(token, method, path, body),
    asOperator: (method: string, path: string, body?: unknown) =>
      send(operator, method, path, body),
  };
}

async function refusal(res: Response) {
  expect(res.status).toBe(403);
  return ((await res.json()) as { message: string }).message;
}

describe('a job token reaches only the runs of its own job', () => {
  it('creates, resumes after a requeue, logs to and finishes its own runs and its array tasks', async () => {
    const { call } = await setup();
    const own = { project: 'p', cluster: 'dev', job_id: '4242' };
    expect((await call('POST', '/api/tracker/runs', { ...own, run: 'mine' })).status).toBe(201);
    expect(
      (await call('POST', '/api/tracker/batches', { run: 'mine', seq: 1, points })).status,
    ).toBe(200);
    // Requeued: the same job id, the same run, one restart more.
    const again = { ...own, run: 'mine', restart_count: 1, seq_start: 2, resume_step: 0 };
    expect((await call('POST', '/api/tracker/runs', again)).status).toBe(200);
    expect(
      (await call('POST', '/api/tracker/batches', { run: 'mine', seq: 2, points })).status,
    ).toBe(200);
    expect((await call('GET', '/api/tracker/runs/mine')).status).toBe(200);
    expect((await call('POST', '/api/tracker/runs/mine/finish', {})).status).toBe(200);
    const task = { project: 'p', cluster: 'dev', job_id: '4242_3', array_task: 3, run: 'task3' };
    expect((await call('POST', '/api/tracker/runs', task)).status).toBe(201);
    expect(
      (await call('POST', '/api/tracker/batches', { run: 'task3', seq: 1, points })).status,
    ).toBe(200);
  });

  it("refuses to read, log to, finish or take over another job's run, saying whose token it is", async () => {
    const { server, call } = await setup();
    for (const [method, path, body] of [
      ['GET', '/api/tracker/runs/other'],
      ['POST', '/api/tracker/batches', { run: 'other', seq: 2, points }],
      ['POST', '/api/tracker/runs/other/finish', { status: 'failed' }],
      // Resuming it under its own job id would re-label the run as this job's.
      ['POST', '/api/tracker/runs', { run: 'other', project: 'p', cluster: 'dev', job_id: '4242' }],
    ] as const) {
      expect(await refusal(await call(method, path, body)), `${method} ${path}`).toMatch(
        /token "job-dev-4242" belongs to job 4242 on dev; run other is of job 17 on dev/,
      );
    }
    const run = await server.deps.tracker.store.getRun('other');
    expect(run).toMatchObject({ jobId: '17', status: 'running', attempts: 1 });
    expect(await server.deps.tracker.store.nextSeq('other')).toBe(2);
  });

  it('continues a run whose job ended (resume in the next job): reads its next seq, takes it over, logs on', async () => {
    const { server, call, asOperator } = await setup();
    // Job 17 hit its time limit; job 4242 continues its run with init(resume='other').
    await server.deps.tracker.recordJobEnd({
      cluster: 'dev',
      jobId: '17',
      outcome: 'TIMEOUT',
      endedAt: Date.now(),
    });
    const known = await call('GET', '/api/tracker/runs/other');
    expect(known.status).toBe(200);
    expect(((await known.json()) as { nextSeq: number }).nextSeq).toBe(2);
    const resume = { run: 'other', project: 'p', cluster: 'dev', job_id: '4242', seq_start: 2 };
    expect((await call('POST', '/api/tracker/runs', resume)).status).toBe(200);
    expect(
      (await call('POST', '/api/tracker/batches', { run: 'other', seq: 2, points })).status,
    ).toBe(200);
    expect(await server.deps.tracker.store.getRun('other')).toMatchObject({
      jobId: '4242',
      attempts: 2,
    });
    expect(await server.deps.tracker.store.nextSeq('other')).toBe(3);
    // Another cluster's ended run stays out of reach.
    const far = { run: 'far', project: 'p', cluster: 'other', job_id: '9' };
    await asOperator('POST', '/api/tracker/runs', far);
    await asOperator('POST', '/api/tracker/runs/far/finish', {});
    expect(await refusal(await call('GET', '/api/tracker/runs/far'))).toMatch(/job 9 on other/);
  });

  it('refuses new runs that name another job, another cluster or none', async () => {
    const { server, call } = await setup();
    for (const [cluster, jobId, named] of [
      ['dev', '17', 'job 17 on dev'],
      ['other', '4242', 'job 4242 on other'],
      ['dev', '42420', 'job 42420 on dev'],
      ['dev', '4242_x', 'job 4242_x on dev'],
      [undefined, '4242', 'job 4242 on no cluster'],
      ['dev', undefined, 'no job'],
    ] as const) {
      const record = { run: 'new', project: 'p', cluster, job_id: jobId };
      expect(await refusal(await call('POST', '/api/tracker/runs', record))).toContain(
        `run new is of ${named}`,
      );
    }
    expect(await server.deps.tracker.store.getRun('new')).toBeUndefined();
  });

  it('refuses a request mixing its own run with another job’s, storing none of it', async () => {
    const { server, call } = await setup();
    const own = { run: 'mine', project: 'p', cluster: 'dev', job_id: '4242' };
    expect((await call('POST', '/api/tracker/runs', own)).status).toBe(201);
    const batches = [
      { run: 'mine', seq: 1, points },
      { run: 'other', seq: 2, points },
    ];
    expect(await refusal(await call('POST', '/api/tracker/batches', { batches }))).toMatch(
      /run other is of job 17/,
    );
    expect(await server.deps.tracker.store.nextSeq('mine')).toBe(1);
  });

  it('knows no run before sbatch named its job, and operators keep every run', async () => {
    const { server, asOperator } = await setup();
    const unbound = createJobTokens(server.deps.db).issue('dev', 3600_000).token;
    const res = await server.request('/api/tracker/runs', {
      method: 'POST',
      token: unbound,
      headers: json,
      body: JSON.stringify({ run: 'early', project: 'p', cluster: 'dev', job_id: '4243' }),
    });
    expect(await refusal(res)).toMatch(/has no job id yet/);
    expect((await asOperator('GET', '/api/tracker/runs/other')).status).toBe(200);
    expect(
      (await asOperator('POST', '/api/tracker/batches', { run: 'other', seq: 2, points })).status,
    ).toBe(200);
  });
});

describe('isRunOfJob', () => {
  it.each([
    ['4242', 'dev', true],
    ['4242_0', 'dev', true],
    ['4242_15', 'dev', true],
    ['4242', 'other', false],
    ['4243', 'dev', false],
    ['42420', 'dev', false],
    ['424', 'dev', false],
    ['4242_', 'dev', false],
    ['4242_1_2', 'dev', false],
    ['4242_[1-3]', 'dev', false],
  ])('job 4242 on dev: run of job %s on %s -> %s', (jobId, cluster, expected) => {
    expect(isRunOfJob({ cluster: 'dev', jobId: '4242' }, { cluster, jobId })).toBe(expected);
  });

  it('takes no run for a token whose job id is not known yet', () => {
    expect(isRunOfJob({ cluster: 'dev', jobId: undefined }, { cluster: 'dev', jobId: '1' })).toBe(
      false,
    );
  });
});
