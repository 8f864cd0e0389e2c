import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file operations an atomic write needs; tests pass their own to see the order and crash midway. */
export type AtomicWriteFs = Pick<
  typeof fs,
  'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync'
>;

/**
 * Writes `path` so a reader sees the old file or the whole new one, never part of it, even across
 * a crash or power loss: temp file in the same folder, fsync, rename over, fsync the folder.
 */
export function writeFileAtomic(path: string, text: string, ops: AtomicWriteFs = fs): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = ops.openSync(temp, 'wx', 0o644);
  try {
    try {
      ops.writeSync(fd, text);
      ops.fsyncSync(fd);
    } finally {
      ops.closeSync(fd);
    }
    ops.renameSync(temp, path);
  } catch (error) {
    ops.rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dir, ops);
}

// The rename is durable only once the folder is; some filesystems refuse fsync on a folder.
function syncFolder(dir: string, ops: AtomicWriteFs): void {
  let fd: number | undefined;
  try {
    fd = ops.openSync(dir, 'r');
    ops.fsyncSync(fd);
  } catch {
    // the record is in place either way
  } finally {
    if (fd !== undefined) ops.closeSync(fd);
  }
}
