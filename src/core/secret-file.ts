import { readFileSync, statSync } from 'node:fs';
import { SlurmdeckError } from './errors.js';

/**
 * A secret kept in a file of its own: refused when group or others may read it (as ssh refuses
 * a readable private key). The error names the file and the fix, never the content.
 */
export function readSecretFile(file: string): string {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    throw new SlurmdeckError('CONFIG_INVALID', `cannot read secret file ${file}`, {
      cause: error,
      hint: 'Check the path, and that this user may read it.',
    });
  }
  if ((mode & 0o077) !== 0) {
    throw new SlurmdeckError(
      'CONFIG_INVALID',
      `secret file ${file} is readable by others (mode ${(mode & 0o777).toString(8)})`,
      {
        hint: `Run: chmod 600 ${file}`,
      },
    );
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (!secret)
    throw new SlurmdeckError('CONFIG_INVALID', `secret file ${file} is empty`, {
      hint: 'Put the secret in it.',
    });
  return secret;
}
