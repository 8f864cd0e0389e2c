import { describe, expect, it } from 'vitest';
import { createRecoverBackoff } from './recover-backoff.js';

describe('recover --watch backoff', () => {
  it('waits longer after each try, and gives up once after maxTries', () => {
    let t = 0;
    const backoff = createRecoverBackoff({ maxTries: 3, baseMs: 10, maxMs: 25, now: () => t });
    expect(backoff.due('n1')).toBe(true);
    expect(backoff.record('n1', 'failed')).toBeUndefined();
    expect(backoff.due('n1')).toBe(false);
    t = 10;
    expect(backoff.due('n1')).toBe(true);
    expect(backoff.record('n1', 'changed')).toBeUndefined();
    t = 29;
    expect(backoff.due('n1')).toBe(false);
    t = 30;
    expect(backoff.due('n1')).toBe(true);
    expect(backoff.record('n1', 'failed')).toBe('gave-up');
    t = 1e9;
    expect(backoff.due('n1')).toBe(false);
    expect(backoff.gaveUp('n1')).toBe(true);
    expect(backoff.due('n2')).toBe(true);
  });

  it('forgets a node that is seen fine', () => {
    const backoff = createRecoverBackoff({ maxTries: 2, baseMs: 0, maxMs: 0, now: () => 0 });
    backoff.record('n1', 'changed');
    backoff.record('n1', 'ok');
    expect(backoff.tries('n1')).toBe(0);
    expect(backoff.record('n1', 'changed')).toBeUndefined();
  });
});
