import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StdoutFile {
  /** Give it to spawn as the child's stdout; close it in this process once spawned. */
  fd: number;
  closeFd(): void;
  read(): Buffer;
  remove(): void;
}

/**
 * A file of this user's own (mode 0600, in a fresh 0700 folder) that a child writes its stdout
 * to: unlike a pipe, the child never waits for this process to read.
 */
export function openStdoutFile(): StdoutFile {
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-out-'));
  const path = join(dir, 'stdout');
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let open = true;
  const closeFd = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    fd,
    closeFd,
    read: () => readFileSync(path),
    remove: () => {
      closeFd();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
