import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../core/logger.js';
import { parseSacct, type AccountingRecord, type Job, type SlurmClient } from '../slurm/index.js';
import { openDatabase } from '../store/index.js';
import type { ExecResult, Transport } from '../transport/index.js';
import { createWatchStore } from './watch-store.js';
import { createJobPoller, expandTaskIds } from './job-poller.js';

// Real 22.05 accounting: `arr` is an array 11_[1-3] whose tasks exit 1, 2 and 3.
const captured = parseSacct(
  readFileSync(new URL('../slurm/fixtures/sacct-22.05-scenarios.txt', import.meta.url), 'utf8'),
);

/** Slurm as the watcher sees it: what the queue and accounting say at each poll. */
function fakeSlurm(records: () => AccountingRecord[], queue: () => Job[] = () => []): SlurmClient {
  return {
    listJobs: async () => queue(),
    accounting: async () => records(),
    getJob: async () => ({ stdout: undefined }),
  } as unknown as SlurmClient;
}

function transport(answer: (argv: readonly string[]) => Partial<ExecResult>): Transport {
  return {
    kind: 'ssh',
    target: 'fake',
    close: async () => undefined,
    exec: async (argv) => ({
      argv,
      exitCode: 0,
      stdout: '',
      stderr: '',
      durationMs: 1,
      ...answer(argv),
    }),
  };
}

// Our scripts exit 3 for "no such file": no wrapper record, no log.
const nothingThere = transport(() => ({ exitCode: 3 }));

function setup(records: AccountingRecord[], files: Transport, onFinished?: () => void) {
  const store = createWatchStore(openDatabase({ file: ':memory:' }));
  const watcher = createJobPoller({
    cluster: 'c',
    slurm: fakeSlurm(() => records),
    transport: files,
    store,
    log: createLogger('silent'),
    ...(onFinished ? { onFinished } : {}),
  });
  return { store, watcher };
}

describe('createJobPoller', () => {
  it('ends a watched array under its own id, reporting the task that ended worst', async () => {
    const tasks = captured.filter((r) => r.name === 'arr');
    const { store, watcher } = setup(tasks, nothingThere);
    store.add('c', ['11']);
    const { finished } = await watcher.poll();
    expect(finished).toMatchObject([{ jobId: '11', outcome: 'FAILED' }]);
    expect(store.get('c', '11')?.ended).toBe(true);
    expect(store.active('c')).toEqual([]);
  });

  it('waits for every task of an array it saw queued before reporting it', async () => {
    const tasks = captured.filter((r) => r.name === 'arr');
    let queue: Job[] = [
      {
        id: '11_[1-3]',
        jobId: '11',
        arrayJobId: '11',
        arrayTaskId: '[1-3]',
        state: 'PENDING',
      } as Job,
    ];
    // As accounting has it right after the end: one record for the whole array, COMPLETED.
    const whole = {
      ...(tasks[0] as AccountingRecord),
      id: '11',
      jobIdRaw: '11',
      state: 'COMPLETED' as const,
      exitCode: 0,
    };
    let records: AccountingRecord[] = [whole];
    const slurm = fakeSlurm(
      () => records,
      () => queue,
    );
    const store = createWatchStore(openDatabase({ file: ':memory:' }));
    const watcher = createJobPoller({
      cluster: 'c',
      slurm,
      transport: nothingThere,
      store,
      log: createLogger('silent'),
    });
    store.add('c', ['11']);
    await watcher.poll();
    queue = [];
    await watcher.poll();
    expect(store.get('c', '11')?.ended).toBe(false);
    records = tasks.filter((t) => t.id !== '11_2');
    await watcher.poll();
    expect(store.get('c', '11')?.ended).toBe(false);
    records = tasks;
    await watcher.poll();
    expect(store.get('c', '11')).toMatchObject({ ended: true, outcome: 'FAILED' });
  });

  it('takes no job as ended when the cluster cannot be read, and says so', async () => {
    const failing = transport(() => ({
      exitCode: 255,
      stderr: 'mux_client_request_session: failed',
    }));
    const { store, watcher } = setup(
      captured.filter((r) => r.name === 'ok'),
      failing,
    );
    store.add('c', ['4']);
    await expect(watcher.poll()).rejects.toThrow(/cannot read/);
    expect(store.get('c', '4')?.ended).toBe(false);
  });

  it("does not let one job's trouble hold up the others", async () => {
    const records = captured.filter((r) => r.name === 'ok' || r.name === 'fail3');
    let calls = 0;
    const { store, watcher } = setup(records, nothingThere, () => {
      if (calls++ === 0) throw new Error('outbox full');
    });
    store.add('c', ['3', '4']);
    const { finished } = await watcher.poll();
    expect(finished).toHaveLength(1);
    expect(store.active('c')).toHaveLength(1);
    await watcher.poll();
    expect(store.active('c')).toEqual([]);
  });
});

describe('expandTaskIds', () => {
  it.each([
    ['3', ['3']],
    ['[3-6]', ['3', '4', '5', '6']],
    ['[1,4-5%2]', ['1', '4', '5']],
  ])('reads %s', (spec, ids) => {
    expect(expandTaskIds(spec)).toEqual(ids);
  });
});

describe('createJobPoller with --mine', () => {
  it('watches a new job that reuses the id of an ended one', async () => {
    const job = (submitTime: string, state: string) =>
      ({ id: '5', jobId: '5', state, submitTime, name: 'x', user: 'u' }) as unknown as Job;
    let queue: Job[] = [job('2026-01-01T10:00:00', 'RUNNING')];
    const records = captured.filter((r) => r.name === 'sig9'); // id 5, ended FAILED
    const slurm = fakeSlurm(
      () => records,
      () => queue,
    );
    const store = createWatchStore(openDatabase({ file: ':memory:' }));
    const watcher = createJobPoller({
      cluster: 'c',
      slurm,
      transport: nothingThere,
      store,
      log: createLogger('silent'),
      mine: () => true,
    });
    await watcher.poll();
    queue = [];
    await watcher.poll();
    expect(store.get('c', '5')?.ended).toBe(true);
    // The cluster was rebuilt: job 5 is another job now.
    queue = [job('2026-01-02T09:00:00', 'RUNNING')];
    await watcher.poll();
    expect(store.get('c', '5')).toMatchObject({ ended: false, submitTime: '2026-01-02T09:00:00' });
  });
});
