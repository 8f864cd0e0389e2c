import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { sbatchFlags } from './sbatch-args.js';
import { allocationFromFlags } from './sbatch-directives.js';
import { submitOptionsSchema } from './sbatch-options-schema.js';
import { SBATCH_OPTIONS, checkSbatchOptions } from './sbatch-options.js';

describe('the one table of sbatch options', () => {
  it('names each option as commander does, so CLI flags land on SubmitOptions keys', () => {
    for (const option of SBATCH_OPTIONS) {
      const parsed = new Command()
        .option(`${option.flag} ${option.arg}`)
        .parse(['node', 'x', option.flag, '1'])
        .opts();
      expect(Object.keys(parsed), option.flag).toEqual([option.key]);
    }
  });

  it("gives each short flag sbatch's own meaning, once", () => {
    const shorts = Object.fromEntries(
      SBATCH_OPTIONS.flatMap((o) => ('short' in o ? [[o.short, o.flag]] : [])),
    );
    expect(shorts).toMatchObject({
      '-c': '--cpus-per-task',
      '-p': '--partition',
      '-t': '--time',
      '-n': '--ntasks',
      '-N': '--nodes',
      '-G': '--gpus',
      '-J': '--job-name',
    });
    expect(new Set(Object.keys(shorts)).size).toBe(Object.keys(shorts).length);
  });

  it('turns counts from a command line into numbers and keeps specs as given', () => {
    expect(checkSbatchOptions({ cpusPerTask: '4', gpus: 'a100:2', nodes: 2, wrap: 'x' })).toEqual({
      cpusPerTask: 4,
      gpus: 'a100:2',
      nodes: 2,
    });
  });

  it('refuses a bad value with a hint, naming the option', () => {
    expect(() => checkSbatchOptions({ cpusPerTask: 'four' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: 'invalid cpusPerTask: "four"',
        hint: 'Give a positive whole number.',
      }),
    );
    expect(() => checkSbatchOptions({ time: '1 hour' })).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/D-HH:MM:SS/) }),
    );
  });

  it('gives every option a flag on the command line and a place in the zod schema', () => {
    const all = Object.fromEntries(
      SBATCH_OPTIONS.map((o) => [o.key, o.type === 'count' ? 2 : o.key === 'time' ? '10' : '2']),
    );
    expect(submitOptionsSchema.parse(all)).toEqual(all);
    expect(sbatchFlags(checkSbatchOptions(all))).toHaveLength(SBATCH_OPTIONS.length);
    expect(submitOptionsSchema.safeParse({ cpusPerTask: 0 }).success).toBe(false);
    expect(submitOptionsSchema.safeParse({ gpus: 2 }).success).toBe(false);
  });

  it('reads every allocating option from #SBATCH words, long and short', () => {
    const allocating = SBATCH_OPTIONS.filter((o) => 'allocates' in o);
    const words = allocating.flatMap((o) => ['short' in o ? o.short : o.flag, '3']);
    expect(Object.keys(allocationFromFlags(words)).sort()).toEqual(
      allocating.map((o) => o.key).sort(),
    );
  });
});
