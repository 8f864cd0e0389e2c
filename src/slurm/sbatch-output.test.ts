import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseParsable, parseTestOnly } from './sbatch-output.js';

const captured = JSON.parse(
  readFileSync(new URL('./fixtures/command-results-22.05.json', import.meta.url), 'utf8'),
) as { results: Array<{ name: string; stderr: string }> };

describe('parseParsable', () => {
  it.each([
    ['123\n', { jobId: '123', cluster: undefined }],
    ['123;dev\n', { jobId: '123', cluster: 'dev' }],
    ['sbatch: warning: something\n456\n', { jobId: '456', cluster: undefined }],
  ])('reads %j', (stdout, expected) => {
    expect(parseParsable(stdout)).toEqual(expected);
  });

  it('refuses output without a job id', () => {
    expect(() => parseParsable('Submitted batch job 12\n')).toThrow(/no job id/);
  });
});

describe('parseTestOnly', () => {
  it('reads the real 22.05 estimate (printed on stderr)', () => {
    const stderr = captured.results.find((r) => r.name === 'sbatch-test-only')?.stderr ?? '';
    expect(parseTestOnly(stderr)).toEqual({
      jobId: '14',
      startTime: '2026-11-23T02:54:45',
      processors: 1,
      nodes: 'n2',
      partition: 'gpu',
    });
  });

  it('reads several nodes and refuses anything else', () => {
    expect(
      parseTestOnly(
        'sbatch: Job 12 to start at 2024-05-01T12:00:00 using 8 processors on nodes n[1-2] in partition debug',
      ).nodes,
    ).toBe('n[1-2]');
    expect(() => parseTestOnly('sbatch: error: nope')).toThrow(/unexpected/);
  });
});
