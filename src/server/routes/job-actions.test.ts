import { describe, expect, it } from 'vitest';
import { ORIGIN, serverUnderTest } from '../../../test/helpers/server-fakes.js';

function operator() {
  const server = serverUnderTest();
  const token = server.tokens.create('bot', 'operate');
  const post = async (path: string, body: unknown, as = token) => {
    const res = await server.request(path, {
      method: 'POST',
      token: as,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const ran = (command: string) => server.commands.filter((argv) => argv[0] === command);
  return { ...server, token, post, ran };
}

const JOB = { wrap: 'sleep 60', partition: 'cpu', time: '5' };

describe('POST /api/clusters/{cluster}/jobs', () => {
  it('asks first: a summary and token, nothing submitted; the token submits once', async () => {
    const { post, ran, deps } = operator();
    const asked = await post('/api/clusters/dev/jobs', JOB);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      status: 'confirmation_required',
      confirmToken: expect.any(String),
    });
    expect(asked.body['summary']).toMatch(/sleep 60: partition cpu, time 5/);
    expect(ran('sbatch')).toEqual([]);
    const done = await post('/api/clusters/dev/jobs', {
      ...JOB,
      confirmToken: asked.body['confirmToken'],
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ status: 'submitted', jobId: '77' });
    expect(ran('sbatch')).toHaveLength(1);
    const again = await post('/api/clusters/dev/jobs', {
      ...JOB,
      confirmToken: asked.body['confirmToken'],
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'CONFIRMATION_INVALID',
      message: expect.stringMatching(/already used/),
    });
    expect(ran('sbatch')).toHaveLength(1);
    expect(deps.audit.entries()).toMatchObject([
      { face: 'http', actor: 'bot', action: 'job.submit', confirmedVia: 'token', outcome: 'done' },
    ]);
  });

  it('refuses a token with other arguments, or from another caller, and submits nothing', async () => {
    const { post, ran, tokens } = operator();
    const asked = await post('/api/clusters/dev/jobs', JOB);
    const token = asked.body['confirmToken'];
    const changed = await post('/api/clusters/dev/jobs', {
      ...JOB,
      time: '600',
      confirmToken: token,
    });
    expect(changed.status).toBe(409);
    const other = tokens.create('other', 'operate');
    const stolen = await post('/api/clusters/dev/jobs', { ...JOB, confirmToken: token }, other);
    expect(stolen.status).toBe(409);
    const missing = await post('/api/clusters/dev/jobs', {
      ...JOB,
      confirmToken: 'confirm-made-up',
    });
    expect(missing.body['message']).toMatch(/not one this server issued/);
    expect(ran('sbatch')).toEqual([]);
  });

  it('answers a dry run with when and where, without a token and without submitting', async () => {
    const { post, ran } = operator();
    const res = await post('/api/clusters/dev/jobs', { ...JOB, dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'dry_run',
      estimate: { nodes: 'n1', partition: 'cpu', processors: 1 },
    });
    expect(ran('sbatch').map((argv) => argv[1])).toEqual(['--test-only']);
  });

  it('answers 400 naming what to fix for bad bodies', async () => {
    const { post, request, token } = operator();
    const unknown = await post('/api/clusters/dev/jobs', { ...JOB, gpuz: 2 });
    expect(unknown.status).toBe(400);
    expect(unknown.body['message']).toMatch(/gpuz/);
    const none = await post('/api/clusters/dev/jobs', { partition: 'cpu' });
    expect(none.body).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'nothing to submit' });
    const notJson = await request('/api/clusters/dev/jobs', {
      method: 'POST',
      token,
      headers: { 'content-type': 'text/plain' },
      body: 'wrap=sleep',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { hint: string }).hint).toMatch(/application\/json/);
  });

  it('needs the operate role', async () => {
    const { post, tokens, ran } = operator();
    const res = await post('/api/clusters/dev/jobs', JOB, tokens.create('viewer', 'read'));
    expect(res.status).toBe(403);
    expect(ran('sbatch')).toEqual([]);
  });

  it('refuses a browser post from another site even with a live session', async () => {
    const { request, logins, ran } = operator();
    const cookie = `slurmdeck_session=${logins.redeem(logins.issueCode())}`;
    const res = await request('/api/clusters/dev/jobs', {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify(JOB),
    });
    expect(res.status).toBe(403);
    const ok = await request('/api/clusters/dev/jobs', {
      method: 'POST',
      headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(JOB),
    });
    expect(ok.status).toBe(200);
    expect(ran('sbatch')).toEqual([]);
  });
});

describe('POST /api/clusters/{cluster}/jobs/{id}/cancel', () => {
  it('lists exactly the job it would cancel, then cancels it with the token', async () => {
    const { post, ran, deps, tokens, request, token } = operator();
    const asked = await post('/api/clusters/dev/jobs/22/cancel', {});
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'confirmation_required', cancelled: [] });
    expect((asked.body['jobs'] as Array<{ id: string }>).map((j) => j.id)).toEqual(['22']);
    expect(ran('scancel')).toEqual([]);
    const done = await post('/api/clusters/dev/jobs/22/cancel', {
      confirmToken: asked.body['confirmToken'],
    });
    expect(done.body).toMatchObject({ status: 'cancelled', cancelled: ['22'] });
    expect(ran('scancel')).toEqual([['scancel', '-v', '22']]);
    expect(deps.audit.entries()).toMatchObject([
      { face: 'http', actor: 'bot', action: 'job.cancel', target: { jobIds: ['22'] } },
    ]);
    // Admins read it over the API; an operator may not.
    const admin = tokens.create('lab', 'admin');
    const audit = await request('/api/audit?limit=5', { token: admin });
    expect(await audit.json()).toMatchObject({
      entries: [{ face: 'http', actor: 'bot', action: 'job.cancel', outcome: 'done' }],
    });
    expect((await request('/api/audit', { token })).status).toBe(403);
  });

  it('does not take a token issued to cancel another job', async () => {
    const { post, ran } = operator();
    const asked = await post('/api/clusters/dev/jobs/22/cancel', {});
    const other = await post('/api/clusters/dev/jobs/25/cancel', {
      confirmToken: asked.body['confirmToken'],
    });
    expect(other.status).toBe(409);
    expect(ran('scancel')).toEqual([]);
  });

  it('answers 404 for a job that is not in the queue, before asking', async () => {
    const { post, ran } = operator();
    const res = await post('/api/clusters/dev/jobs/999/cancel', {});
    expect(res.status).toBe(404);
    expect(res.body['code']).toBe('JOB_NOT_FOUND');
    expect(ran('scancel')).toEqual([]);
  });

  it("refuses another user's job with 403 before asking", async () => {
    const { post, ran } = operator();
    // On "other" the server logs in as alice (id -un); job 22 is root's.
    const res = await post('/api/clusters/other/jobs/22/cancel', {});
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'NOT_PERMITTED',
      message: expect.stringMatching(/22 \(root\)/),
    });
    expect(res.body).not.toHaveProperty('confirmToken');
    expect(ran('scancel')).toEqual([]);
  });
});

describe('POST /api/clusters/{cluster}/jobs/cancel (by filter)', () => {
  it('shows exactly the jobs of yours that match, and cancels only those ids', async () => {
    const { post, ran } = operator();
    const filter = { mine: true, states: ['PD'], name: 'dep' };
    const asked = await post('/api/clusters/dev/jobs/cancel', filter);
    expect(asked.status).toBe(200);
    const shown = asked.body['jobs'] as Array<{ id: string; state: string }>;
    expect(shown.length).toBeGreaterThan(0);
    // The filter goes to squeue (the recorded one answers the same list whatever it is asked).
    expect(ran('squeue').at(-1)).toEqual(expect.arrayContaining(['--me', '-t', 'PENDING']));
    expect(ran('scancel')).toEqual([]);
    expect(shown.map((j) => j.id)).toEqual(['22']);
    const done = await post('/api/clusters/dev/jobs/cancel', {
      ...filter,
      confirmToken: asked.body['confirmToken'],
    });
    expect(done.body['cancelled'], JSON.stringify(done.body)).toEqual(shown.map((j) => j.id));
    expect(ran('scancel')).toEqual([['scancel', '-v', ...shown.map((j) => j.id)]]);
  });

  it('wants ids or a filter of your own jobs, and names an unknown state', async () => {
    const { post } = operator();
    const both = await post('/api/clusters/dev/jobs/cancel', { jobIds: ['22'], mine: true });
    expect(both).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/not both/) },
    });
    const notMine = await post('/api/clusters/dev/jobs/cancel', { states: ['PD'] });
    expect(notMine.body['message']).toMatch(/your own jobs/);
    const state = await post('/api/clusters/dev/jobs/cancel', { mine: true, states: ['SLEEPY'] });
    expect(state).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/SLEEPY/) },
    });
  });
});

describe('POST /api/clusters/{cluster}/jobs/cancel (the dashboard selection)', () => {
  it('lists exactly the selected ids, refuses the token for a longer list, and cancels only those', async () => {
    const { post, ran } = operator();
    const asked = await post('/api/clusters/dev/jobs/cancel', { jobIds: ['20', '23'] });
    expect(asked.status).toBe(200);
    const shown = (asked.body['jobs'] as Array<{ id: string }>).map((j) => j.id);
    expect(shown).toEqual(['20', '23']);
    expect(asked.body['summary']).toMatch(/Cancel 2 job\(s\).*20.*23/);
    const widened = await post('/api/clusters/dev/jobs/cancel', {
      jobIds: ['20', '23', '25'],
      confirmToken: asked.body['confirmToken'],
    });
    expect(widened.status).toBe(409);
    expect(ran('scancel')).toEqual([]);

    const again = await post('/api/clusters/dev/jobs/cancel', { jobIds: ['20', '23'] });
    const done = await post('/api/clusters/dev/jobs/cancel', {
      jobIds: ['20', '23'],
      confirmToken: again.body['confirmToken'],
    });
    expect(done.body).toMatchObject({ status: 'cancelled', cancelled: ['20', '23'] });
    expect(ran('scancel')).toEqual([['scancel', '-v', '20', '23']]);
  });
});
