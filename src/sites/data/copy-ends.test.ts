import { describe, expect, it } from 'vitest';
import { createEventLog } from '../../events/index.js';
import type { Notifier, NotifyMessage } from '../../notify/index.js';
import { openDatabase } from '../../store/index.js';
import { copyEndMessage, recordCopyEnds } from './copy-ends.js';
import { createCopyStore, type CopyRow } from './copy-store.js';
import type { CopyState } from './data-copy.js';

const row = (id: string, startedAt: number): CopyRow => ({
  id,
  cluster: 'hpc',
  source: '/lustre/u/data/',
  target: '/archive/u/data/',
  startedAt,
  rsyncArgs: [],
  parallel: 1,
});

function setup() {
  const db = openDatabase({ file: ':memory:' });
  const store = createCopyStore(db);
  const sent: NotifyMessage[] = [];
  const notifier = { language: 'en', enqueue: (m: NotifyMessage) => (sent.push(m), []) };
  return { store, events: createEventLog(db), notifier: notifier as unknown as Notifier, sent };
}

describe('recordCopyEnds', () => {
  it('notifies a long or failed copy once, and records a short one only as an event', () => {
    const deps = { ...setup(), nowS: () => 10_000 };
    const long = row('long', 10_000 - 3600);
    const short = row('short', 10_000 - 5);
    const broken = row('broken', 10_000 - 5);
    const running = row('running', 10_000 - 5);
    for (const r of [long, short, broken, running]) deps.store.add(r);
    const states: CopyState[] = [
      { ...long, phase: 'done', exitCode: 0, errors: [] },
      { ...short, phase: 'done', exitCode: 0, errors: [] },
      {
        ...broken,
        phase: 'failed',
        exitCode: 23,
        meaning: 'some files were not copied',
        errors: [],
      },
      { ...running, phase: 'running', errors: [] },
    ];
    expect(recordCopyEnds(states, deps).map((s) => s.id)).toEqual(['long', 'short', 'broken']);
    expect(deps.sent.map((m) => m.title)).toEqual([
      '[hpc] copy long copied',
      '[hpc] copy broken failed',
    ]);
    expect(deps.events.read({ kindPrefix: 'data.copy.' })).toHaveLength(3);
    // Seen again (the next look, or another process): nothing new.
    expect(recordCopyEnds(states, deps)).toEqual([]);
    expect(deps.sent).toHaveLength(2);
    // Resumed, it ends anew.
    deps.store.reopen('broken', 10_050);
    const resumed = { ...(states[2] as CopyState), startedAt: 10_050 };
    expect(recordCopyEnds([resumed], { ...deps, nowS: () => 10_100 })).toHaveLength(1);
    // Timed from the resume, not from the first start.
    expect(deps.sent.at(-1)?.fields).toContainEqual({ label: 'Took', value: '0:50' });
  });

  it('says why and what next in Chinese too', () => {
    const state: CopyState = {
      ...row('c1', 0),
      phase: 'failed',
      exitCode: 20,
      meaning: 'stopped by a signal',
      hint: 'Resume it: `slurmdeck data resume c1`.',
      errors: ['rsync error: received SIGUSR1 (code 19)'],
    };
    const message = copyEndMessage(state, 75, 75, 'zh');
    expect(message.title).toBe('[hpc] 拷贝 c1 失败');
    expect(message.fields).toContainEqual({ label: '原因', value: 'stopped by a signal' });
    expect(message.hint?.text).toContain('data resume c1');
    expect(message.tail?.lines).toHaveLength(1);
  });
});
