import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createWatchStore } from '../../src/jobs/index.js';
import { openDatabase } from '../../src/store/index.js';
import { createSshTransport } from '../../src/transport/index.js';
import { loginTarget } from './dev-cluster-info.js';
import { login, startServe, type ServeProcess } from '../helpers/serve-process.js';
import { readEvents, type SseEvent } from '../helpers/sse.js';

const stateDir = mkdtempSync(join(tmpdir(), 'slurmdeck-serve-events-'));
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: stateDir,
  SLURMDECK_LOG: 'warn',
};
// Whoever polls the cluster (a watcher in another process), job events land in this store.
const db = openDatabase({ file: join(stateDir, 'slurmdeck.db') });
const store = createWatchStore(db);
const started = (jobId: string) =>
  store.event('dev', jobId, 'started', 1, { node: 'n1', startTime: undefined });
const jobEvents = (events: SseEvent[]) => events.filter((e) => e.event === 'job');
const running: ServeProcess[] = [];

async function stream(headers: Record<string, string> = {}): Promise<Response> {
  const serve = await startServe(env);
  running.push(serve);
  const cookie = await login(serve.loginUrl);
  return fetch(`${serve.url}/api/events`, { headers: { cookie, ...headers } });
}

afterAll(() => {
  for (const serve of running) if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  db.close();
});

describe('the event stream across a killed and restarted server', () => {
  it('resumes with Last-Event-ID: nothing missed, nothing repeated', async () => {
    const first = await stream();
    setTimeout(() => {
      started('9001');
      started('9002');
    }, 200);
    const before = jobEvents(await readEvents(first, (e) => jobEvents(e).length >= 2, 15_000));
    expect(before.map((e) => (JSON.parse(e.data) as { jobId: string }).jobId)).toEqual([
      '9001',
      '9002',
    ]);
    const lastId = before[1]?.id as string;

    // The server dies hard; events go on landing while it is down.
    (running[0] as ServeProcess).child.kill('SIGKILL');
    await (running[0] as ServeProcess).exited;
    started('9003');
    started('9004');

    const resumed = await stream({ 'last-event-id': lastId });
    setTimeout(() => started('9005'), 300);
    const after = jobEvents(await readEvents(resumed, (e) => jobEvents(e).length >= 3, 15_000));
    expect(after.map((e) => (JSON.parse(e.data) as { jobId: string }).jobId)).toEqual([
      '9003',
      '9004',
      '9005',
    ]);
    const ids = [...before, ...after].map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(5);
  });
});

describe('serve runs the shared poller', () => {
  it('reports the start and end of a watched job on the event stream', async () => {
    const ssh = createSshTransport(loginTarget());
    let jobId: string;
    try {
      const submitted = await ssh.exec([
        'sbatch',
        '--parsable',
        '-p',
        'cpu',
        '-t',
        '1',
        '--wrap',
        'sleep 10',
      ]);
      jobId = submitted.stdout.trim().split(';')[0] as string;
    } finally {
      await ssh.close();
    }
    store.add('dev', [jobId]);
    const after = String(store.eventLog.lastId());
    const res = await stream({ 'last-event-id': after });
    const events = jobEvents(
      await readEvents(
        res,
        (e) => jobEvents(e).some((x) => x.data.includes('"finished"') && x.data.includes(jobId)),
        90_000,
      ),
    ).map((e) => JSON.parse(e.data) as { jobId: string; kind: string; outcome?: string });
    const mine = events.filter((e) => e.jobId === jobId);
    expect(mine.map((e) => e.kind)).toEqual(['started', 'finished']);
    expect(mine[1]?.outcome).toBe('COMPLETED');
  }, 120_000);
});
