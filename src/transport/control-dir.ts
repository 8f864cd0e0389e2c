import { chmod, lstat, mkdir } from 'node:fs/promises';
import { SlurmdeckError } from '../core/errors.js';

/**
 * Makes the ssh control-socket directory private (0700, ours, a real directory): anyone who
 * can reach a master's socket can run commands as us on the cluster without authenticating.
 */
export async function ensureControlDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    throw new SlurmdeckError('INVALID_ARGUMENT', `cannot create ssh control directory ${dir}`, {
      hint: `${error.code ?? error.message}: set controlDir to a directory you can create.`,
      cause: error,
      data: { dir },
    });
  });
  let stats = await lstat(dir);
  if (!stats.isDirectory()) {
    unsafe(dir, 'is not a directory (or is a symbolic link)', 'Remove it, or set controlDir.');
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    unsafe(dir, `belongs to uid ${stats.uid}, not to you (uid ${uid})`, 'Set controlDir.');
  }
  if ((stats.mode & 0o077) !== 0) {
    await chmod(dir, 0o700);
    stats = await lstat(dir);
    if ((stats.mode & 0o077) !== 0) {
      unsafe(dir, `keeps mode ${(stats.mode & 0o777).toString(8)}`, 'Make it mode 0700.');
    }
  }
}

function unsafe(dir: string, problem: string, hint: string): never {
  throw new SlurmdeckError('INVALID_ARGUMENT', `ssh control directory ${dir} ${problem}`, {
    hint: `${hint} Control sockets must live in a private directory.`,
    data: { dir },
  });
}
