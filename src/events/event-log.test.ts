import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { createEventLog } from './event-log.js';
import { waitForEvents } from './wait.js';

// A kind of this test's own, added the way a capability adds its kinds.
declare module './types.js' {
  interface EventPayloads {
    'test.ping': { n: number };
  }
}

const file = () => join(mkdtempSync(join(tmpdir(), 'slurmdeck-events-')), 'state.db');
const ping = (n: number, cluster = 'hpc') => ({
  kind: 'test.ping' as const,
  cluster,
  subject: `ping/${n}`,
  once: String(n),
  payload: { n },
});

describe('the event log', () => {
  it('stores an event once, however often it is appended', () => {
    const log = createEventLog(openDatabase({ file: file() }));
    expect(log.append(ping(1))).toBe(true);
    expect(log.append(ping(1))).toBe(false);
    expect(log.read()).toMatchObject([{ kind: 'test.ping', subject: 'ping/1', payload: { n: 1 } }]);
  });

  it('reads after a cursor, by cluster and by kind', () => {
    const log = createEventLog(openDatabase({ file: file() }));
    log.append(ping(1));
    log.append(ping(2, 'other'));
    log.append(ping(3));
    const [first] = log.read();
    expect(log.read({ after: first?.id }).map((e) => e.subject)).toEqual(['ping/2', 'ping/3']);
    expect(log.read({ cluster: 'hpc' }).map((e) => e.subject)).toEqual(['ping/1', 'ping/3']);
    expect(log.read({ kindPrefix: 'job.' })).toEqual([]);
    expect(log.lastId('other')).toBe(log.read({ cluster: 'other' })[0]?.id);
  });

  it("keeps each consumer's acknowledgements apart, never moving one back, across a reopen", () => {
    const path = file();
    const log = createEventLog(openDatabase({ file: path }));
    for (const n of [1, 2, 3]) log.append(ping(n));
    const ids = log.read().map((e) => e.id);
    log.ack('alice', ids[1] as number);
    log.ack('alice', ids[0] as number);
    const again = createEventLog(openDatabase({ file: path }));
    expect(again.read({ consumer: 'alice' }).map((e) => e.subject)).toEqual(['ping/3']);
    expect(again.read({ consumer: 'bob' })).toHaveLength(3);
  });

  it('narrows the payload by kind', () => {
    const log = createEventLog(openDatabase({ file: file() }));
    log.append(ping(7));
    const [event] = log.read();
    if (event?.kind !== 'test.ping') throw new Error('expected a ping');
    expect(event.payload.n + 1).toBe(8);
  });
});

describe('waitForEvents', () => {
  it('returns as soon as another connection appends an event', async () => {
    const path = file();
    const log = createEventLog(openDatabase({ file: path }));
    const writer = createEventLog(openDatabase({ file: path }));
    setTimeout(() => writer.append(ping(1)), 200);
    const started = Date.now();
    const outcome = await waitForEvents(log, {
      consumer: 'c',
      timeoutMs: 10_000,
      limit: 10,
      pollMs: 20,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(outcome).toMatchObject({
      timedOut: false,
      idle: false,
      events: [{ subject: 'ping/1' }],
    });
  });

  it('returns at once when nothing could come, and at the deadline otherwise', async () => {
    const log = createEventLog(openDatabase({ file: file() }));
    const base = { consumer: 'c', limit: 10, pollMs: 20 };
    expect(
      await waitForEvents(log, { ...base, timeoutMs: 10_000, idle: () => true }),
    ).toMatchObject({ idle: true, timedOut: false });
    expect(await waitForEvents(log, { ...base, timeoutMs: 100 })).toMatchObject({
      idle: false,
      timedOut: true,
      events: [],
    });
  });
});
