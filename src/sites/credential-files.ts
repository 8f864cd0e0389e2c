import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { SlurmdeckError } from '../core/errors.js';
import { configDir } from '../core/paths.js';

/** The one folder credentials live in: `~/.config/slurmdeck/credentials/SITE/`. */
export const credentialsRoot = (env: NodeJS.ProcessEnv = process.env) =>
  join(configDir(env), 'credentials');

/** A site's credentials folder, made 0700 if missing; a looser existing one is refused. */
export function siteCredentialsDir(site: string, root = credentialsRoot()): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(site)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `"${site}" is not a site name`, {
      hint: 'Site names are letters, digits, ".", "_" and "-".',
    });
  }
  const dir = join(root, site);
  for (const folder of [root, dir]) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    requirePrivate(folder, 'folder');
  }
  return dir;
}

/**
 * Writes a credential: created 0600 from the first byte (never chmod after writing, so there is
 * no moment it is readable), flushed, then renamed into place.
 */
export function writeCredentialFile(file: string, content: string | Uint8Array): void {
  requirePrivate(dirname(file), 'folder');
  const temp = `${file}.tmp-${process.pid}`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

/** Refuses a credential file or folder that others could read, a symlink, or one not ours. */
export function requirePrivate(path: string, what: 'file' | 'folder'): void {
  const stat = lstatSync(path);
  const fix = what === 'folder' ? `chmod 700 ${path}` : `chmod 600 ${path}`;
  if (stat.isSymbolicLink()) {
    throw new SlurmdeckError('CREDENTIALS_INSECURE', `${path} is a symbolic link`, {
      hint: `Replace it with the real ${what}: a link can be pointed elsewhere by whoever owns its target.`,
    });
  }
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new SlurmdeckError('CREDENTIALS_INSECURE', `${path} belongs to another user`, {
      hint: `Only your own ${what}s are used for credentials: chown it or remove it.`,
    });
  }
  if ((stat.mode & 0o077) !== 0) {
    throw new SlurmdeckError(
      'CREDENTIALS_INSECURE',
      `${path} is open to others (mode ${(stat.mode & 0o777).toString(8)})`,
      { hint: `Run: ${fix}` },
    );
  }
}
