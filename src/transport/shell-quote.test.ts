import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { quoteArgv } from './shell-quote.js';

/** Runs the quoted line through the real /bin/sh and returns the words it saw, NUL-split. */
function roundTrip(args: readonly string[]): string[] {
  const result = spawnSync('/bin/sh', ['-c', `printf '%s\\0' ${quoteArgv(args)}`]);
  expect(result.status, result.stderr.toString()).toBe(0);
  const words = result.stdout.toString('utf8').split('\0');
  expect(words.pop()).toBe('');
  return words;
}

// Characters that break naive quoting, mixed with arbitrary Unicode.
const nasty = fc.constantFrom(
  ...[`'`, `"`, '$', '`', '\\', ';', '|', '&', '<', '>', '(', ')', '{', '}', '[', ']'],
  ...['*', '?', '~', '#', '!', '=', '%', ' ', '\t', '\n', '\r', '-', 'a', 'é', '中', '😀'],
);
const argument = fc.oneof(
  fc.string({ unit: nasty, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 24 }).filter((s) => !s.includes('\0')),
  fc.constant(''),
);

describe('quoteArgv', () => {
  it.each([
    [['squeue', '-h', '-o', '%i|%j'], `squeue -h -o '%i|%j'`],
    [['echo', ''], `echo ''`],
    [['echo', "it's"], `echo 'it'\\''s'`],
    [['printf', '%s\\n', '$HOME'], `printf '%s\\n' '$HOME'`],
    [['sbatch', '--partition=gpu'], `sbatch '--partition=gpu'`],
    [['FOO=bar'], `'FOO=bar'`],
    [['ls', '~', '*.txt', '#x'], `ls '~' '*.txt' '#x'`],
    [['cat', '/home/a_b/c-d.1,2:3@4+5'], 'cat /home/a_b/c-d.1,2:3@4+5'],
    [['echo', 'a\nb', 'tab\there'], `echo 'a\nb' 'tab\there'`],
    [['echo', "''"], `echo ''\\'''\\'''`],
    [[], ''],
  ])('quotes %j as %s', (argv, expected) => {
    expect(quoteArgv(argv)).toBe(expected);
  });

  it('refuses a NUL byte with INVALID_ARGUMENT and a hint', () => {
    let caught: unknown;
    try {
      quoteArgv(['echo', 'a\0b']);
    } catch (error) {
      caught = error;
    }
    expect(isSlurmdeckError(caught, 'INVALID_ARGUMENT')).toBe(true);
    expect((caught as { hint?: string }).hint).toMatch(/stdin/);
  });

  it('refuses a lone surrogate, which UTF-8 cannot carry', () => {
    expect(() => quoteArgv(['echo', 'x\ud800'])).toThrow(/not valid Unicode/);
  });

  it('gives back the table words unchanged through the real /bin/sh', () => {
    const words = ['', "'", "a'b''c", '$(id)', '`id`', '\\', ';|&<>', 'a\nb\n', 'x y', 'é😀'];
    expect(roundTrip(words)).toEqual(words);
  });

  it('gives back random words byte for byte through the real /bin/sh', () => {
    fc.assert(
      fc.property(fc.array(argument, { minLength: 1, maxLength: 20 }), (args) => {
        expect(roundTrip(args)).toEqual(args);
      }),
      { numRuns: 300 },
    );
  });
});
