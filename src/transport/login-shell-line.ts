import { SlurmdeckError } from '../core/errors.js';
import { quoteArgv } from './shell-quote.js';

// The one word the login shell must pass on untouched may hold printable ASCII except these:
// `'` ends it, tcsh expands `!` even inside single quotes, fish reads `\\` and `\'` there.
// Control characters (tcsh refuses a newline inside quotes) and non-ASCII bytes go escaped too.
const UNSAFE_ASCII = new Set(["'", '!', '\\'].map((c) => c.charCodeAt(0)));

// sshd runs `$SHELL -c LINE`, and Linux caps one argument at 32 pages (MAX_ARG_STRLEN).
const MAX_LINE_BYTES = 131_072 - 1;

/**
 * The command line ssh hands to the user's login shell, whatever it is (bash, zsh, tcsh, csh,
 * fish, ksh): it only ever sees `exec /bin/sh -c '...' sh 'WORD'`, where WORD is `script` with
 * every byte a shell could treat specially written as a `\0NNN` escape; sh turns it back with
 * its own `printf %b` (no extra process) and runs it. So every remote command runs under sh.
 */
export function loginShellLine(script: string): string {
  let word = '';
  for (const byte of Buffer.from(script, 'utf8')) {
    word +=
      byte >= 0x20 && byte < 0x7f && !UNSAFE_ASCII.has(byte)
        ? String.fromCharCode(byte)
        : `\\0${byte.toString(8).padStart(3, '0')}`;
  }
  const line = `exec /bin/sh -c 'eval "$(printf %b "$1")"' sh '${word}'`;
  const bytes = Buffer.byteLength(line);
  if (bytes > MAX_LINE_BYTES) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `the command is too long to run over ssh (${bytes} bytes once quoted, at most ${MAX_LINE_BYTES})`,
      { hint: 'Pass large data through stdin instead of in the arguments.', data: { bytes } },
    );
  }
  return line;
}

/**
 * The sh script that runs argv (quoted once, by quoteArgv), after printing `marker` on stdout
 * and on stderr when one is given: whatever the login shell's startup files printed comes
 * before it and is dropped (see unframe).
 */
export function commandScript(argv: readonly string[], marker?: string): string {
  const command = `exec ${quoteArgv(argv)}`;
  if (marker === undefined) return command;
  const m = quoteArgv([marker]);
  return `printf %s ${m} && printf %s ${m} >&2 && ${command}`;
}

/** The login shell's command line for argv, for an interactive `ssh -t` (nothing to frame). */
export function remoteCommandLine(argv: readonly string[]): string {
  return loginShellLine(commandScript(argv));
}
