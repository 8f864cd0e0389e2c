import { SlurmdeckError } from '../core/errors.js';

// Words made only of these stay bare. '=' is left out (a leading NAME=value word is an
// assignment), and so are '~', '#', '!', '{', '*' (expansions or comments in sh, bash or zsh).
const BARE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/;

/**
 * Turns argv into one command line that a POSIX sh splits back into exactly these words:
 * ssh hands the remote login shell a single string, so every argument is quoted here, once.
 */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}

function quoteWord(word: string, index: number): string {
  if (word.includes('\0')) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `argument ${index} contains a NUL byte`, {
      hint: 'Command arguments cannot carry NUL bytes; pass binary data through stdin instead.',
      data: { index },
    });
  }
  // A lone UTF-16 surrogate has no UTF-8 form: it would arrive as U+FFFD, silently changed.
  if (/\p{Surrogate}/u.test(word)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `argument ${index} is not valid Unicode`, {
      hint: 'The argument contains a lone UTF-16 surrogate; check how the string was built.',
      data: { index },
    });
  }
  if (BARE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
