import { describe, expect, it } from 'vitest';
import { parseNodeState } from './node-state.js';

describe('parseNodeState', () => {
  it.each([
    // [StateLong, StateComplete, state, responding, usable]; the first six as the dev cluster printed them
    ['idle', 'idle', 'idle', true, true],
    ['mixed', 'mixed', 'mixed', true, true],
    ['allocated', 'allocated', 'allocated', true, true],
    ['draining', 'allocated+drain', 'draining', true, false],
    ['drained', 'idle+drain', 'drained', true, false],
    ['down', 'down', 'down', true, false],
    ['drained', 'down+drain', 'drained', true, false],
    // sinfo's documented suffixes: * not responding, ~ powered off, - planned, + completing
    ['idle*', 'idle+not_responding', 'idle', false, false],
    ['down*', 'DOWN+NOT_RESPONDING', 'down', false, false],
    ['drained*', 'IDLE+DRAIN+NOT_RESPONDING', 'drained', false, false],
    ['idle~', 'IDLE+POWERED_DOWN', 'idle', true, true],
    ['mixed-', 'MIXED+PLANNED', 'mixed', true, true],
    ['allocated+', 'ALLOCATED+COMPLETING', 'allocated', true, true],
    ['maint', 'IDLE+MAINTENANCE', 'maint', true, false],
    ['mix', '', 'mixed', true, true],
    ['some_new_state', '', 'unknown', true, false],
  ] as const)('%s (%s) is %s', (long, complete, state, responding, usable) => {
    const parsed = parseNodeState(long, complete);
    expect(parsed.state).toBe(state);
    expect(parsed.responding).toBe(responding);
    expect(parsed.usable).toBe(usable);
  });

  it('keeps the flags of the complete state', () => {
    expect(parseNodeState('drained*', 'idle+drain+not_responding').flags).toEqual([
      'DRAIN',
      'NOT_RESPONDING',
    ]);
  });
});
