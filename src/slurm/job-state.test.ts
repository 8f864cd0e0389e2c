import { describe, expect, it } from 'vitest';
import { isFinished, parseExitCode, parseJobState } from './job-state.js';

describe('parseJobState', () => {
  it.each([
    ['RUNNING', 'RUNNING', undefined],
    ['PENDING', 'PENDING', undefined],
    ['CANCELLED by 1000', 'CANCELLED', '1000'],
    ['CANCELLED by 0', 'CANCELLED', '0'],
    ['CANCELLED+', 'CANCELLED', undefined],
    ['OUT_OF_MEMORY', 'OUT_OF_MEMORY', undefined],
    ['TIMEOUT', 'TIMEOUT', undefined],
    ['NODE_FAIL', 'NODE_FAIL', undefined],
    ['PREEMPTED', 'PREEMPTED', undefined],
    ['FAILED', 'FAILED', undefined],
    ['OOM', 'OUT_OF_MEMORY', undefined],
    ['PD', 'PENDING', undefined],
    ['CG', 'COMPLETING', undefined],
    // Slurm 23.02+ JSON lists flags beside the base state.
    ['RUNNING,COMPLETING', 'RUNNING', undefined],
    ['SOMETHING_NEW', 'UNKNOWN', undefined],
    ['', 'UNKNOWN', undefined],
  ] as const)('reads %j as %s', (raw, state, by) => {
    expect(parseJobState(raw)).toEqual({ state, cancelledBy: by });
  });

  it('tells finished states from live ones', () => {
    expect(isFinished('OUT_OF_MEMORY')).toBe(true);
    expect(isFinished('COMPLETING')).toBe(false);
    expect(isFinished('PENDING')).toBe(false);
  });
});

describe('parseExitCode', () => {
  it.each([
    ['3:0', { exitCode: 3, signal: 0 }],
    ['0:9', { exitCode: 0, signal: 9 }],
    ['0:15', { exitCode: 0, signal: 15 }],
    ['', {}],
    ['N/A', {}],
  ] as const)('reads %j', (raw, expected) => {
    expect(parseExitCode(raw)).toEqual(expected);
  });
});
