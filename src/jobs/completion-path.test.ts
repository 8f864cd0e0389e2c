import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { completionRecordPath, parseCompletionRecord, runIdForJob } from './completion-path.js';
import type { CompletionRecord } from './types.js';

const record: CompletionRecord = {
  version: 1,
  jobId: '42',
  runId: '42',
  host: 'n1',
  cwd: '/home/alice/proj',
  command: ['python', 'train.py'],
  startedAt: '2025-01-02T03:04:05.000Z',
  endedAt: '2025-01-02T04:04:05.000Z',
  exitCode: null,
  signal: 'SIGTERM',
  forwardedSignals: ['SIGTERM'],
  outcome: 'signalled',
  logPath: '/home/alice/proj/.slurmdeck/logs/42-20250102T030405.log',
};

describe('completionRecordPath', () => {
  it('puts the record under .slurmdeck/runs of the working directory', () => {
    expect(completionRecordPath('/home/alice/proj', '42')).toBe(
      '/home/alice/proj/.slurmdeck/runs/42.json',
    );
    expect(completionRecordPath('/scratch/a/', '42.r1')).toBe(
      '/scratch/a/.slurmdeck/runs/42.r1.json',
    );
  });

  it.each(['', '..', '../x', 'a/b', '.hidden', '42;rm', 'a..b'])('refuses run id %j', (id) => {
    let error: unknown;
    try {
      completionRecordPath('/w', id);
    } catch (e) {
      error = e;
    }
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});

describe('runIdForJob', () => {
  it('is the job id for the first run and <id>.r<N> after N requeues', () => {
    expect(runIdForJob('42')).toBe('42');
    expect(runIdForJob('42', 0)).toBe('42');
    expect(runIdForJob('42', 2)).toBe('42.r2');
  });
});

describe('parseCompletionRecord', () => {
  it('reads back what the wrapper writes', () => {
    expect(parseCompletionRecord(JSON.stringify(record, null, 2))).toEqual(record);
  });

  it('reads a local run, whose job id JSON drops', () => {
    const local = { ...record, jobId: undefined, runId: 'local-20250102T030405-77' };
    const parsed = parseCompletionRecord(JSON.stringify(local));
    expect(parsed).toEqual(local);
    expect(parsed && 'jobId' in parsed).toBe(true);
  });

  it('ignores fields a newer wrapper may add', () => {
    expect(parseCompletionRecord(JSON.stringify({ ...record, gpuHours: 3 }))).toEqual(record);
  });

  it.each([
    ['a truncated file', JSON.stringify(record).slice(0, 40)],
    ['an empty file', ''],
    ['another version', JSON.stringify({ ...record, version: 2 })],
    ['an unknown outcome', JSON.stringify({ ...record, outcome: 'maybe' })],
    ['a missing exit code', JSON.stringify({ ...record, exitCode: undefined })],
    ['a bad timestamp', JSON.stringify({ ...record, endedAt: 'yesterday' })],
    ['an array', '[]'],
  ])('returns undefined for %s', (_what, text) => {
    expect(parseCompletionRecord(text)).toBeUndefined();
  });
});
