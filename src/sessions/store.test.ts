import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { BAD_NODE_TTL_S, createSessionStore } from './store.js';

const row = {
  name: 's',
  tmux: 'sdk-s-abcdef',
  marker: 'SLURMDECK01234567',
  createdAt: 100,
  options: { srunArgs: [], exclude: [], container: false },
  phase: 'connecting' as const,
  reason: undefined,
  jobId: undefined,
  node: undefined,
  cursor: 0,
  pendingId: undefined,
  pendingOffset: undefined,
  released: false,
};

describe('session store', () => {
  it('reads a session of an older version, which stored only the hex part, with its SDK marker', () => {
    const store = createSessionStore(openDatabase({ file: ':memory:' }), 'dev');
    store.claim({ ...row, marker: 'abcd1234' });
    expect(store.get('s')?.marker).toBe('SDKabcd1234');
  });

  it('lets only one caller claim the shell for a command', () => {
    const store = createSessionStore(openDatabase({ file: ':memory:' }), 'dev');
    expect(store.claim(row)).toBe(true);
    expect(store.swapPending(row.tmux, undefined, { id: 'a', offset: 0 })).toBe(true);
    expect(store.swapPending(row.tmux, undefined, { id: 'b', offset: 0 })).toBe(false);
    expect(store.swapPending(row.tmux, 'a', undefined)).toBe(true);
    expect(store.get('s')?.pendingId).toBeUndefined();
  });

  it('keeps a bad node with its first time, so reading the same event again does not extend it', () => {
    const store = createSessionStore(openDatabase({ file: ':memory:' }), 'dev');
    store.markBad('n1', 'health check failed', 1000);
    store.markBad('n1', 'health check failed', 1000);
    expect(store.badNodes(1001)).toEqual([
      {
        node: 'n1',
        reason: 'health check failed',
        markedAt: 1000,
        expiresAt: 1000 + BAD_NODE_TTL_S,
      },
    ]);
    expect(store.badNodes(1000 + BAD_NODE_TTL_S)).toEqual([]);
    expect(store.clearBadNodes()).toBe(1);
  });
});

describe('claiming a session name', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  /** Two processes' handles on one real state file. */
  const twoHandles = () => {
    const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-store-'));
    dirs.push(dir);
    const file = join(dir, 'state.db');
    return [
      createSessionStore(openDatabase({ file }), 'dev'),
      createSessionStore(openDatabase({ file }), 'dev'),
    ] as const;
  };
  const first = { ...row, tmux: 'sdk-s-111111', marker: 'SLURMDECKaaaaaaaa' };
  const second = { ...row, tmux: 'sdk-s-222222', marker: 'SLURMDECKbbbbbbbb', createdAt: 200 };

  it('lets only one of two starts claim a name, whatever each read before', () => {
    const [a, b] = twoHandles();
    // Both looked and saw no session: only one claim goes through.
    expect(a.get('s')).toBeUndefined();
    expect(b.get('s')).toBeUndefined();
    expect(a.claim(first)).toBe(true);
    expect(b.claim(second)).toBe(false);
    expect(b.get('s')).toMatchObject({
      tmux: first.tmux,
      marker: first.marker,
      phase: 'connecting',
    });
    for (const phase of ['queued', 'allocated', 'starting', 'ready'] as const) {
      a.update(first.tmux, { phase });
      expect(b.claim(second)).toBe(false);
    }
  });

  it('takes over the name of a session that is over, starting the row afresh', () => {
    const [a, b] = twoHandles();
    a.claim(first);
    a.update(first.tmux, { phase: 'ended', reason: 'stopped', jobId: '7', cursor: 99 });
    a.swapPending(first.tmux, undefined, { id: 'c', offset: 5 });
    expect(b.claim(second)).toBe(true);
    expect(a.get('s')).toMatchObject({
      tmux: second.tmux,
      marker: second.marker,
      createdAt: 200,
      phase: 'connecting',
      reason: undefined,
      jobId: undefined,
      cursor: 0,
      pendingId: undefined,
      released: false,
    });
    // Only one of two starts after the end gets it.
    b.update(second.tmux, { phase: 'failed' });
    expect(a.claim({ ...first, tmux: 'sdk-s-333333' })).toBe(true);
    expect(b.claim({ ...second, tmux: 'sdk-s-444444' })).toBe(false);
  });

  it("never lets an older start's late writes change or remove a newer session's row", () => {
    const [a, b] = twoHandles();
    a.claim(first);
    a.update(first.tmux, { phase: 'ended' });
    b.claim(second);
    // The first session's status, stop, exec and failed start, arriving late.
    a.update(first.tmux, { phase: 'ended', reason: 'gone', released: true, cursor: 42 });
    expect(a.swapPending(first.tmux, undefined, { id: 'x', offset: 0 })).toBe(false);
    a.setPendingOffset(first.tmux, 'x', 9);
    a.remove(first.tmux);
    expect(b.get('s')).toMatchObject({
      tmux: second.tmux,
      phase: 'connecting',
      reason: undefined,
      released: false,
      cursor: 0,
      pendingId: undefined,
    });
    expect(b.byTmux(first.tmux)).toBeUndefined();
    b.remove(second.tmux);
    expect(a.get('s')).toBeUndefined();
  });
});
