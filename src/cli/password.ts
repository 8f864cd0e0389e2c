import { unlinkSync } from 'node:fs';
import { readSecretFile } from '../core/secret-file.js';
import { SlurmdeckError } from '../core/errors.js';

export interface PasswordSource {
  passwordFile?: string;
  removePasswordFile?: boolean;
}

/**
 * A password from a 0600 file (removed after reading when asked) or typed on the terminal with
 * no echo. Never from argv or the environment, and never stored.
 */
export async function readPassword(prompt: string, source: PasswordSource): Promise<string> {
  if (source.passwordFile) {
    const password = readSecretFile(source.passwordFile);
    if (source.removePasswordFile) unlinkSync(source.passwordFile);
    return password;
  }
  if (!process.stdin.isTTY) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'no terminal to type the password on', {
      hint: 'Put it in a file only you can read (chmod 600) and pass --password-file FILE (--remove-password-file deletes it after).',
    });
  }
  return typeHidden(prompt);
}

function typeHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') {
          return done(new SlurmdeckError('ABORTED', 'cancelled', { hint: 'Nothing was sent.' }));
        }
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
