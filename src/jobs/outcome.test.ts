import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSacct, type AccountingRecord } from '../slurm/index.js';
import { classifyOutcome } from './outcome.js';
import type { CompletionRecord } from './types.js';

const captured = parseSacct(
  readFileSync(new URL('../slurm/fixtures/sacct-22.05-scenarios.txt', import.meta.url), 'utf8'),
);
const job = (name: string) => captured.find((r) => r.name === name) as AccountingRecord;

const record = (fields: Partial<CompletionRecord>): CompletionRecord => ({
  version: 1,
  jobId: '1',
  runId: '1',
  host: 'n1',
  cwd: '/w',
  command: ['python', 'train.py'],
  startedAt: '2026-01-01T00:00:00Z',
  endedAt: '2026-01-01T01:00:00Z',
  exitCode: 0,
  signal: null,
  forwardedSignals: [],
  outcome: 'success',
  logPath: '/w/log',
  ...fields,
});

/** Variants of a real record, for states this dev cluster cannot produce (no OOM enforcement, no preemption). */
const variant = (base: string, fields: Partial<AccountingRecord>): AccountingRecord => ({
  ...job(base),
  ...fields,
});

describe('classifyOutcome on captured accounting', () => {
  it.each([
    ['ok', 'COMPLETED', 0, undefined],
    ['fail3', 'FAILED', 3, undefined],
    ['sig9', 'FAILED', 0, 9],
    ['timeout', 'TIMEOUT', 0, undefined],
    ['held', 'CANCELLED', 0, undefined],
  ] as const)('reports %s as %s (exit %d, signal %s)', (name, outcome, exitCode, signal) => {
    expect(classifyOutcome(job(name), undefined)).toMatchObject({ outcome, exitCode, signal });
  });

  it('says who cancelled', () => {
    expect(classifyOutcome(job('gpu run'), undefined)).toMatchObject({
      outcome: 'CANCELLED',
      cancelledBy: '0',
    });
  });
});

describe('classifyOutcome where the dev cluster cannot produce the state', () => {
  it('reports OUT_OF_MEMORY when sacct says OUT_OF_MEMORY', () => {
    const oom = variant('busy', { state: 'OUT_OF_MEMORY', stateRaw: 'OUT_OF_MEMORY', exitCode: 0 });
    expect(classifyOutcome(oom, undefined).outcome).toBe('OUT_OF_MEMORY');
  });

  it('reports OUT_OF_MEMORY when only a step was killed for memory', () => {
    const base = job('busy');
    const steps = base.steps.map((s) => ({ ...s, state: 'OUT_OF_MEMORY' as const }));
    expect(classifyOutcome(variant('busy', { state: 'FAILED', steps }), undefined).outcome).toBe(
      'OUT_OF_MEMORY',
    );
  });

  it.each(['NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE'] as const)('reports %s', (state) => {
    expect(classifyOutcome(variant('timeout', { state }), undefined).outcome).toBe(state);
  });
});

describe('classifyOutcome with the wrapper record', () => {
  it('reports FAILED when the script swallowed the command failure', () => {
    const result = classifyOutcome(job('ok'), record({ exitCode: 2, outcome: 'failed' }));
    expect(result).toMatchObject({ outcome: 'FAILED', exitCode: 2 });
  });

  it("keeps Slurm's reason when the wrapper was killed by the time limit", () => {
    const result = classifyOutcome(
      job('timeout'),
      record({ exitCode: null, signal: 'SIGTERM', outcome: 'signalled' }),
    );
    expect(result.outcome).toBe('TIMEOUT');
  });

  it('takes the exit code of the wrapped command over the script', () => {
    expect(classifyOutcome(job('fail3'), record({ exitCode: 7, outcome: 'failed' }))).toMatchObject(
      { outcome: 'FAILED', exitCode: 7 },
    );
  });
});
