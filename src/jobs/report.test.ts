import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSacct, type AccountingRecord } from '../slurm/index.js';
import { buildReport, requestedMemoryBytes } from './report.js';

const captured = parseSacct(
  readFileSync(new URL('../slurm/fixtures/sacct-22.05-scenarios.txt', import.meta.url), 'utf8'),
);
const job = (name: string) => captured.find((r) => r.name === name) as AccountingRecord;
const report = (accounting: AccountingRecord) =>
  buildReport({ cluster: 'dev', accounting, record: undefined, logPath: undefined, logTail: [] });

describe('buildReport', () => {
  it('computes CPU and memory efficiency from accounting', () => {
    const busy = report(job('busy'));
    expect(busy.cpuEfficiency).toBeCloseTo(11.974 / 20, 3);
    expect(busy.requestedMemoryBytes).toBe(500 * 2 ** 20);
    expect(busy.memoryEfficiency).toBeCloseTo(78_135_296 / (500 * 2 ** 20), 3);
  });

  it('tells a timed-out job what it asked for', () => {
    expect(report(job('timeout')).hint).toBe(
      'It hit its time limit of 1 min: ask for more (--time) or checkpoint and resume.',
    );
  });

  it('tells an out-of-memory job its peak against its request', () => {
    const oom = { ...job('busy'), state: 'OUT_OF_MEMORY' as const, maxRssBytes: 3 * 2 ** 30 };
    expect(report({ ...oom, reqMemory: '2G' }).hint).toBe(
      'It peaked at 3.0 GiB of the 2.0 GiB it asked for: request more (--mem) or use less.',
    );
  });

  it('names the exit code of a failed job', () => {
    expect(report(job('fail3'))).toMatchObject({ outcome: 'FAILED', exitCode: 3, nodes: 'n1' });
    expect(report(job('fail3')).hint).toMatch(/code 3/);
  });
});

describe('buildReport on a job killed for memory by OverMemoryKill (captured)', () => {
  const [killed] = parseSacct(
    readFileSync(
      new URL('../slurm/fixtures/sacct-22.05-overmemorykill.txt', import.meta.url),
      'utf8',
    ),
  );
  const log = readFileSync(new URL('./fixtures/overmemorykill-22.05.out', import.meta.url), 'utf8')
    .trim()
    .split('\n');

  it('reports OUT_OF_MEMORY from the log, with the peak and the request', () => {
    const result = buildReport({
      cluster: 'dev',
      accounting: killed as AccountingRecord,
      record: undefined,
      logPath: '/x/oom.out',
      logTail: log,
    });
    expect(result.outcome).toBe('OUT_OF_MEMORY');
    expect(result.hint).toBe(
      'It peaked at 0.3 GiB of the 0.1 GiB it asked for: request more (--mem) or use less.',
    );
  });

  it('reports OUT_OF_MEMORY from the peak alone when the log is gone', () => {
    const input = { cluster: 'dev', record: undefined, logPath: undefined, logTail: [] };
    expect(buildReport({ ...input, accounting: killed as AccountingRecord }).outcome).toBe(
      'OUT_OF_MEMORY',
    );
  });

  it('reports OUT_OF_MEMORY for a job whose script exited 0 after its srun step was killed for memory', () => {
    // As the dev cluster's accounting shows it: the job and its batch step COMPLETED 0:0, the
    // step 21.0 "CANCELLED by 0" 0:9 at 326832K of 100M.
    const job = killed as AccountingRecord;
    const batch = job.steps[0] as AccountingRecord['steps'][number];
    const survived: AccountingRecord = {
      ...job,
      state: 'COMPLETED',
      stateRaw: 'COMPLETED',
      exitCode: 0,
      signal: 0,
      steps: [
        {
          ...batch,
          state: 'COMPLETED',
          stateRaw: 'COMPLETED',
          exitCode: 0,
          signal: 0,
          maxRssBytes: 11_231_232,
        },
        {
          ...batch,
          id: '1.0',
          name: 'python3',
          state: 'CANCELLED',
          stateRaw: 'CANCELLED by 0',
          exitCode: 0,
          signal: 9,
          maxRssBytes: 334_675_968,
        },
      ],
    };
    const input = { cluster: 'dev', record: undefined, logPath: undefined, logTail: [] };
    expect(buildReport({ ...input, accounting: survived }).outcome).toBe('OUT_OF_MEMORY');
    // A step that ended well under its memory stays a success.
    const small = {
      ...survived,
      maxRssBytes: 11_231_232,
      steps: survived.steps.map((s) => ({ ...s, maxRssBytes: 11_231_232 })),
    };
    expect(buildReport({ ...input, accounting: small }).outcome).toBe('COMPLETED');
  });

  it('keeps FAILED for a SIGKILL with no sign of memory trouble', () => {
    expect(report(job('sig9')).outcome).toBe('FAILED');
  });
});

describe('requestedMemoryBytes', () => {
  it("reads Slurm's no-limit sentinel as no request", () => {
    const base = parseSacct(
      readFileSync(new URL('../slurm/fixtures/sacct-22.05-scenarios.txt', import.meta.url), 'utf8'),
    )[0] as AccountingRecord;
    expect(requestedMemoryBytes({ ...base, reqMemory: '9223372036854775807M' })).toBeUndefined();
    expect(requestedMemoryBytes({ ...base, reqMemory: '0' })).toBeUndefined();
    expect(requestedMemoryBytes({ ...base, reqMemory: '4G' })).toBe(4 * 2 ** 30);
  });
});
