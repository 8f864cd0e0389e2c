import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface PollerLock {
  /** Tells other hosts sharing the state folder (an NFS home) that the poller still lives. */
  heartbeat(): void;
  release(): void;
}

/** Another host's lock not refreshed for this long is taken over (its poller heartbeats every poll). */
const FOREIGN_STALE_MS = 10 * 60_000;

interface Holder {
  host: string;
  pid: number;
}

const lockFile = (dir: string, cluster: string) => join(dir, `poller-${cluster}.lock`);

function readHolder(file: string): Holder | undefined {
  const [host, pid] = readFileSync(file, 'utf8').trim().split(':');
  const number = Number(pid);
  return host && Number.isInteger(number) && number > 0 ? { host, pid: number } : undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `host:pid` of this process: who holds a lock or asked for something. */
export function processOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/** A process on this host lives while its pid does; one elsewhere while it keeps refreshing. */
export function ownerAlive(owner: string, refreshedAt: number): boolean {
  const [host, pid] = owner.split(':');
  if (host === hostname()) return pidAlive(Number(pid));
  return Date.now() - refreshedAt < FOREIGN_STALE_MS;
}

/** A lock holds while its process lives (same host) or while it is refreshed (another host). */
function holderAlive(file: string): Holder | undefined {
  let holder: Holder | undefined;
  let ageMs: number;
  try {
    holder = readHolder(file);
    ageMs = Date.now() - statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  // Written but not yet filled in by its creator: it is being taken right now.
  if (!holder) return ageMs < 5_000 ? { host: '?', pid: 0 } : undefined;
  if (holder.host === hostname()) return pidAlive(holder.pid) ? holder : undefined;
  return ageMs < FOREIGN_STALE_MS ? holder : undefined;
}

/**
 * One poller per cluster: the first watcher takes the lock and polls Slurm; others see it held
 * and only read the shared state. A dead holder's lock is taken over by exactly one process.
 */
export function acquirePollerLock(dir: string, cluster: string): PollerLock | undefined {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = lockFile(dir, cluster);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${hostname()}:${process.pid}`);
      closeSync(fd);
      return {
        heartbeat: () => {
          const now = new Date();
          utimesSync(file, now, now);
        },
        release: () => {
          if (readHolderSafe(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (holderAlive(file)) return undefined;
      // Stale: move it aside under a name of our own; only one contender's rename succeeds.
      try {
        renameSync(file, `${file}.stale-${hostname()}-${process.pid}`);
        rmSync(`${file}.stale-${hostname()}-${process.pid}`, { force: true });
      } catch {
        // another process took it over first; try again to see who holds it now
      }
    }
  }
  return undefined;
}

function readHolderSafe(file: string): Holder | undefined {
  try {
    return readHolder(file);
  } catch {
    return undefined;
  }
}

/** The pid of the process polling `cluster` from this host, if one does. */
export function pollerHolder(dir: string, cluster: string): number | undefined {
  const holder = holderAlive(lockFile(dir, cluster));
  return holder && holder.pid > 0 ? holder.pid : undefined;
}
