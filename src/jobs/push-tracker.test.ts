import { describe, expect, it } from 'vitest';
import { createPushTracker } from './push-tracker.js';

describe('createPushTracker', () => {
  it('keeps a pushed job hot until it is seen ending, or its patience runs out', () => {
    let now = 0;
    const tracker = createPushTracker(() => now, 30_000);
    expect(tracker.pending(() => false)).toBe(false);
    tracker.add('1');
    tracker.add('2');
    expect(tracker.pending((id) => id === '1')).toBe(true);
    now = 31_000;
    expect(tracker.pending(() => false)).toBe(false);
  });
});
