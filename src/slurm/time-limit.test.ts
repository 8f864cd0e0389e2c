import { describe, expect, it } from 'vitest';
import { checkTimeLimit, timeLimitSeconds } from './time-limit.js';
import type { Partition } from './types.js';

const partition = (name: string, maxTimeSeconds: number | null, isDefault = false): Partition => ({
  name,
  isDefault,
  availability: 'up',
  maxTimeSeconds,
  nodes: [],
  cpus: { allocated: 0, idle: 0, other: 0, total: 0 },
  gpus: { allocated: 0, idle: 0, other: 0, total: 0 },
  gpusByType: {},
});

const DAY = 86_400;
const partitions = [
  partition('cpu', DAY, true),
  partition('gpu', 2 * DAY),
  partition('long', null),
];

describe('timeLimitSeconds', () => {
  it.each([
    ['30', 1800],
    ['4:00:00', 4 * 3600],
    ['1-12', 36 * 3600],
    ['2-00:00:00', 2 * DAY],
    ['UNLIMITED', null],
    ['0', null],
  ])('reads %s as sbatch does', (value, seconds) => {
    expect(timeLimitSeconds(value)).toBe(seconds);
  });

  it('refuses what sbatch would not read, with the spellings it takes', () => {
    for (const bad of ['1 hour', '4h', '1:2:3:4', '-5', '']) {
      expect(() => timeLimitSeconds(bad)).toThrow(
        expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          hint: expect.stringMatching(/HH:MM:SS/),
        }),
      );
    }
  });
});

describe('checkTimeLimit', () => {
  it("refuses a limit over the partition's MaxTime, naming it and a partition that allows it", () => {
    expect(() => checkTimeLimit('99999999999', ['cpu'], partitions)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message:
          "time limit 99999999999 is over the partition's MaxTime (cpu 1-00:00:00): the job would never start",
        hint: 'Ask for at most 1-00:00:00, or use a partition that allows it: long (UNLIMITED).',
      }),
    );
    expect(() => checkTimeLimit('1-12', ['cpu'], partitions)).toThrow(/MaxTime \(cpu 1-00:00:00\)/);
  });

  it('measures against the default partition when none is named', () => {
    expect(() => checkTimeLimit('2-00:00:00', undefined, partitions)).toThrow(/cpu 1-00:00:00/);
    expect(() => checkTimeLimit('1-00:00:00', undefined, partitions)).not.toThrow();
  });

  it('accepts a limit one of several named partitions allows, as sbatch runs it there', () => {
    expect(() => checkTimeLimit('1-12', ['cpu', 'gpu'], partitions)).not.toThrow();
    expect(() => checkTimeLimit('3-00:00:00', ['cpu', 'gpu'], partitions)).toThrow(
      /MaxTime \(cpu 1-00:00:00, gpu 2-00:00:00\)/,
    );
  });

  it('counts no limit (UNLIMITED, 0) as over any MaxTime, and fits a partition without one', () => {
    expect(() => checkTimeLimit('UNLIMITED', ['gpu'], partitions)).toThrow(/gpu 2-00:00:00/);
    expect(() => checkTimeLimit('0', ['gpu'], partitions)).toThrow(/gpu 2-00:00:00/);
    expect(() => checkTimeLimit('UNLIMITED', ['long'], partitions)).not.toThrow();
  });

  it('leaves partitions it does not know to sbatch, which names the real ones', () => {
    expect(() => checkTimeLimit('99999', ['gpux'], partitions)).not.toThrow();
    expect(() => checkTimeLimit('99999', ['cpu', 'gpux'], partitions)).not.toThrow();
  });
});
