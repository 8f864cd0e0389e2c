import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSacct, type AccountingRecord } from '../slurm/index.js';
import { clusterTime, parseUtcOffset, recordBelongsToRun } from './record-match.js';
import type { CompletionRecord } from './types.js';

// `busy` ran 2026-11-22T15:09:03 to 15:09:23 (cluster time, UTC here).
const busy = parseSacct(
  readFileSync(new URL('../slurm/fixtures/sacct-22.05-scenarios.txt', import.meta.url), 'utf8'),
).find((r) => r.name === 'busy') as AccountingRecord;

const record = (startedAt: string, endedAt: string): CompletionRecord => ({
  version: 1,
  jobId: '7',
  runId: '7',
  host: 'n2',
  cwd: '/w',
  command: ['python'],
  startedAt,
  endedAt,
  exitCode: 0,
  signal: null,
  forwardedSignals: [],
  outcome: 'success',
  logPath: '/w/log',
});

describe('recordBelongsToRun', () => {
  it('accepts the record this run wrote', () => {
    expect(
      recordBelongsToRun(record('2026-11-22T15:09:04Z', '2026-11-22T15:09:22Z'), busy, 0),
    ).toBe(true);
  });

  it('refuses a record an older job of the same id left behind', () => {
    expect(
      recordBelongsToRun(record('2026-11-22T14:50:00Z', '2026-11-22T14:50:02Z'), busy, 0),
    ).toBe(false);
  });

  it("reads Slurm's local times in the cluster's zone", () => {
    // The same run, seen from a cluster eight hours east of UTC.
    expect(
      recordBelongsToRun(record('2026-11-22T07:09:04Z', '2026-11-22T07:09:22Z'), busy, 480),
    ).toBe(true);
    expect(parseUtcOffset('+0800')).toBe(480);
    expect(parseUtcOffset('-0530')).toBe(-330);
    expect(clusterTime('2026-11-22T15:09:03', 480)).toBe(Date.parse('2026-11-22T07:09:03Z'));
  });
});
