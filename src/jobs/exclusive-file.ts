import { closeSync, linkSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/**
 * Puts `draft` at `file` only if nothing is there: link(2) is atomic on local disks and NFS, and
 * the lock appears complete (no moment where it exists but is empty). On NFS a lost reply can
 * report failure for a link that was made: the draft's link count tells.
 */
export function linkIfAbsent(draft: string, file: string): boolean {
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (statSync(draft).nlink === 2) return true;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    // A filesystem without hard links: exclusive creation, then the name.
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeFileSync(fd, readFileSync(draft));
      closeSync(fd);
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  }
}

/** Creates `file` empty, exclusively (O_EXCL); false when it exists. */
export function createExclusive(file: string): boolean {
  try {
    closeSync(openSync(file, 'wx', 0o600));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
