import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { BAD_NODE_TTL_S, createSessionStore } from './store.js';

const row = {
  name: 's',
  tmux: 'sdk-s-abcdef',
  nonce: '01234567',
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
  it('lets only one caller claim the shell for a command', () => {
    const store = createSessionStore(openDatabase({ file: ':memory:' }), 'dev');
    store.insert(row);
    expect(store.swapPending('s', undefined, { id: 'a', offset: 0 })).toBe(true);
    expect(store.swapPending('s', undefined, { id: 'b', offset: 0 })).toBe(false);
    expect(store.swapPending('s', 'a', undefined)).toBe(true);
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
