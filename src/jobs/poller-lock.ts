import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export interface PollerLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One poller per cluster on this machine: the first watcher takes the lock and polls Slurm;
 * others see it held and only read the shared state. A lock left by a dead process is taken over.
 */
export function acquirePollerLock(dir: string, cluster: string): PollerLock | undefined {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `poller-${cluster}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) return undefined;
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  return undefined;
}

export function pollerHolder(dir: string, cluster: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dir, `poller-${cluster}.lock`), 'utf8').trim());
    return Number.isInteger(pid) && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
