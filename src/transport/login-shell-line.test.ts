import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { newMarker, unframe } from './frame.js';
import { commandScript, loginShellLine, remoteCommandLine } from './login-shell-line.js';

// Shell metacharacters, history and escape characters of every login shell, mixed with Unicode.
const nasty = fc.constantFrom(
  ...[`'`, `"`, '$', '`', '\\', ';', '|', '&', '<', '>', '(', ')', '{', '}', '[', ']', '^'],
  ...['*', '?', '~', '#', '!', '=', '%', ' ', '\t', '\n', '\r', '-', 'a', '0', 'é', '中', '😀'],
);
const argument = fc.oneof(
  fc.string({ unit: nasty, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 24 }).filter((s) => !s.includes('\0')),
  fc.constant(''),
  fc.constantFrom('!!', '!$', '\\!', "\\'", '\\\\', '\\0101', 'a\\\nb', '=1', '%b', '$1'),
);

// An empty home for each shell, so the developer's own startup files play no part.
const home = mkdtempSync(join(tmpdir(), 'sd-login-shell-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Login shells users have on clusters; those installed here are tried. */
const SHELLS = ['/bin/bash', '/bin/dash', '/bin/zsh', '/usr/bin/tcsh', '/bin/csh', '/usr/bin/fish']
  .concat(['/bin/mksh', '/bin/ksh'])
  .filter((shell) => existsSync(shell));

function runIn(shell: string, line: string, env: Record<string, string> = {}) {
  const result = spawnSync(shell, ['-c', line], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, ...env },
    cwd: home,
  });
  return { ...result, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString() };
}

/** The words `printf '%s\0'` got when run through `shell -c LINE`. */
function roundTrip(shell: string, args: readonly string[]): string[] {
  const result = runIn(shell, remoteCommandLine(['printf', '%s\\0', ...args]));
  expect(result.status, result.stderr).toBe(0);
  const words = result.stdout.split('\0');
  expect(words.pop()).toBe('');
  return words;
}

describe('loginShellLine', () => {
  it('gives the login shell printable ASCII only, and nothing any shell expands', () => {
    fc.assert(
      fc.property(fc.array(argument, { maxLength: 8 }), (args) => {
        const line = remoteCommandLine(['printf', '%s', ...args]);
        const word = /^exec \/bin\/sh -c 'eval "\$\(printf %b "\$1"\)"' sh '(.*)'$/s.exec(
          line,
        )?.[1];
        expect(word).toBeDefined();
        expect(word).toMatch(/^[\x20-\x7e]*$/);
        expect(word).not.toMatch(/['!]/);
        // Every backslash starts an octal escape: never fish's \\ or \', nor tcsh's \!.
        expect(word?.replaceAll(/\\0[0-7]{3}/g, '')).not.toContain('\\');
      }),
      { numRuns: 300 },
    );
  });

  it('runs in sh: $0 is sh whatever the login shell', () => {
    for (const shell of SHELLS) {
      const result = runIn(shell, loginShellLine('echo "$0"; echo $((6 * 7))'));
      expect(result.stdout, shell).toBe('sh\n42\n');
    }
  });

  it.each(SHELLS)('comes back byte for byte through %s -c', (shell) => {
    expect(SHELLS.length).toBeGreaterThanOrEqual(3);
    fc.assert(
      fc.property(fc.array(argument, { minLength: 1, maxLength: 12 }), (args) => {
        expect(roundTrip(shell, args)).toEqual(args);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a command longer than one argument may be, before running anything', () => {
    const error = (() => {
      try {
        return remoteCommandLine(['echo', 'x'.repeat(140_000)]);
      } catch (e) {
        return e;
      }
    })();
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(String((error as Error).message)).toMatch(/too long/);
    expect(remoteCommandLine(['echo', 'x'.repeat(120_000)]).length).toBeLessThan(121_000);
  });
});

describe('commandScript with a marker', () => {
  const chattyHome = join(home, 'chatty');
  mkdirSync(chattyHome, { recursive: true });
  // Startup files as sites write them: a banner on each stream, and the commands echoed.
  writeFileSync(
    join(chattyHome, '.cshrc'),
    'echo "Welcome to the cluster"\nsh -c "echo module loaded >&2"\nset echo\n',
  );
  // bash sources ~/.bashrc for a command run by sshd, as it guesses from SSH_CLIENT.
  writeFileSync(
    join(chattyHome, '.bashrc'),
    'echo "Welcome to the cluster"\necho "module loaded" >&2\nset -x\ncase $- in *i*) ;; *) return;; esac\n',
  );
  const argv = ['sh', '-c', 'printf "out %s\\n" "$1"; echo err >&2; exit 3', 'sh', 'a b'];

  it.each([
    ['/usr/bin/tcsh', { HOME: chattyHome }],
    ['/bin/bash', { HOME: chattyHome, SSH_CLIENT: '10.0.0.1 40000 22' }],
  ])('leaves only the command output after the marker under a chatty %s', (shell, env) => {
    if (!existsSync(shell)) return;
    const marker = newMarker();
    const result = runIn(shell, loginShellLine(commandScript(argv, marker)), env);
    expect(result.status).toBe(3);
    expect(result.stdout).toContain('Welcome to the cluster');
    expect(result.stderr).toContain('module loaded');
    expect(unframe(result.stdout, marker)).toMatchObject({ found: true, text: 'out a b\n' });
    expect(unframe(result.stderr, marker)).toMatchObject({ found: true, text: 'err\n' });
  });
});
