import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-serve-routes-')),
  SLURMDECK_LOG: 'warn',
};

let serve: ServeProcess;
let headers: Record<string, string>;

beforeAll(async () => {
  serve = await startServe(env);
  const created = await runCli(['serve', 'token', 'create', 'routes', '--role', 'operate'], env);
  expect(created.code, created.stderr).toBe(0);
  headers = {
    authorization: `Bearer ${created.stdout.trim()}`,
    'content-type': 'application/json',
  };
}, 60_000);

afterAll(async () => {
  // A session a failed test left behind is stopped the way a client would, holding nothing.
  if (sessionLeft) {
    const stop = `/api/clusters/dev/sessions/${SESSION}/stop`;
    const asked = await call(stop, {}).catch(() => undefined);
    const confirmToken = asked?.body['confirmToken'];
    if (confirmToken) await call(stop, { confirmToken }).catch(() => undefined);
  }
  if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
}, 60_000);

const SESSION = 'http-e2e';
let sessionLeft = false;

async function call(path: string, body?: unknown) {
  const res = await fetch(`${serve.url}${path}`, {
    headers,
    ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Asks `probe` every half second until it says yes, for at most `ms`. */
async function until<T>(probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 500));
  }
}

const LINES = Array.from({ length: 60 }, (_, i) => `line ${i + 1}\n`).join('');

describe('the output and watch routes over a real socket, against the dev cluster', () => {
  it("reads a job's log from a cursor, page by page, and watches the job to its end", async () => {
    const job = {
      wrap: 'for i in $(seq 1 60); do echo line $i; done; sleep 3',
      partition: 'cpu',
      time: '5',
      jobName: 'serve-routes-e2e',
    };
    const asked = await call('/api/clusters/dev/jobs', job);
    const submitted = await call('/api/clusters/dev/jobs', {
      ...job,
      confirmToken: asked.body['confirmToken'],
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const jobId = submitted.body['jobId'] as string;

    const added = await call('/api/clusters/dev/watch', { jobIds: [jobId] });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toMatchObject({ cluster: 'dev', watching: [jobId] });

    // Until the job has written all its lines (before it starts the file does not exist: 404).
    await until(async () => {
      const all = await call(`/api/clusters/dev/jobs/${jobId}/output?cursor=0&maxBytes=4096`);
      return all.status === 200 && all.body['output'] === LINES ? true : undefined;
    });
    const first = await call(`/api/clusters/dev/jobs/${jobId}/output?cursor=0&maxBytes=256`);
    expect(first.body).toMatchObject({
      start: 0,
      nextCursor: 256,
      more: true,
      size: Buffer.byteLength(LINES),
    });
    expect(first.body['path']).toMatch(new RegExp(`slurm-${jobId}\\.out$`));
    const rest = await call(
      `/api/clusters/dev/jobs/${jobId}/output?cursor=${String(first.body['nextCursor'])}`,
    );
    expect(rest.body).toMatchObject({ start: 256, more: false });
    expect(`${String(first.body['output'])}${String(rest.body['output'])}`).toBe(LINES);
    const tail = await call(`/api/clusters/dev/jobs/${jobId}/output`);
    expect(tail.body['output']).toMatch(/line 60\n$/);

    const listed = await call('/api/clusters/dev/watch');
    expect(listed.status).toBe(200);
    expect(listed.body['jobs']).toEqual(
      expect.arrayContaining([expect.objectContaining({ jobId, addedAt: expect.any(String) })]),
    );
    // The server's watcher polls it to its end and records the report.
    const ended = await until(async () => {
      const jobs = (await call('/api/clusters/dev/watch')).body['jobs'] as Array<
        Record<string, unknown>
      >;
      return jobs.find((j) => j['jobId'] === jobId && j['ended'] === true);
    });
    expect(ended).toMatchObject({
      outcome: 'COMPLETED',
      report: { outcome: 'COMPLETED', exitCode: 0, logTail: expect.arrayContaining(['line 60']) },
    });
  }, 180_000);

  it('starts a session after confirmation, drives it (exec, send, output, ctrl), and stops it the same way', async () => {
    const base = `/api/clusters/dev/sessions/${SESSION}`;
    const request = { name: SESSION, partition: 'cpu', time: '10' };
    const asked = await call('/api/clusters/dev/sessions', request);
    expect(asked.body, JSON.stringify(asked.body)).toMatchObject({
      status: 'confirmation_required',
    });
    expect((await call(base)).status).toBe(404);
    const started = await call('/api/clusters/dev/sessions', {
      ...request,
      confirmToken: asked.body['confirmToken'],
    });
    sessionLeft = true;
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const ready = await until(async () => {
      const status = await call(base);
      expect(status.body['phase']).not.toMatch(/failed|ended/);
      return status.body['phase'] === 'ready' ? status.body : undefined;
    }, 120_000);
    const jobId = ready['jobId'] as string;
    expect(jobId).toMatch(/^\d+$/);
    const listed = await call('/api/clusters/dev/sessions');
    expect(listed.body['sessions']).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: SESSION, phase: 'ready', jobId })]),
    );

    const state = await call(`${base}/exec`, { command: 'cd /tmp && export GREETING=hello' });
    expect(state.body).toMatchObject({ exitCode: 0, running: false });
    const echoed = await call(`${base}/exec`, {
      command: 'printf "\\033[31m$GREETING\\033[0m from $(pwd)\\n"; (exit 7)',
    });
    expect(echoed.body).toMatchObject({ output: 'hello from /tmp\n', exitCode: 7 });

    const prompt = await call(`${base}/exec`, {
      command: 'read -r -p "name? " who; echo "hi $who"',
      timeoutSeconds: 2,
    });
    expect(prompt.body).toMatchObject({ running: true, output: 'name? ' });
    expect((await call(`${base}/send`, { text: 'Zoë' })).status).toBe(200);
    const answered = await call(`${base}/output?wait=10`);
    expect(answered.body).toMatchObject({ exitCode: 0, running: false });
    expect(answered.body['output']).toContain('hi Zoë\n');

    const long = await call(`${base}/exec`, { command: 'sleep 300', timeoutSeconds: 1 });
    expect(long.body).toMatchObject({ running: true });
    expect((await call(`${base}/ctrl`, { key: 'c' })).status).toBe(200);
    const interrupted = await call(`${base}/output?wait=10`);
    expect(interrupted.body).toMatchObject({ running: false, exitCode: 130 });

    const stopAsked = await call(`${base}/stop`, {});
    expect(stopAsked.body).toMatchObject({ status: 'confirmation_required' });
    expect(stopAsked.body['summary']).toContain(`job ${jobId}`);
    const stopped = await call(`${base}/stop`, { confirmToken: stopAsked.body['confirmToken'] });
    expect(stopped.body).toMatchObject({ status: 'stopped', released: [jobId], left: [] });
    sessionLeft = false;
  }, 240_000);
});
