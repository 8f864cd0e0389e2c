import { pidAlive } from '../core/pid-alive.js';
import { readFileSync } from 'node:fs';

/** This machine's boot: a pid and start time from before a reboot name nobody now. */
export function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * When a process started, in clock ticks since boot (/proc/PID/stat field 22): with the pid and
 * the boot id it names one process, even once the pid is reused. Undefined where there is no
 * /proc (macOS) or the process is gone.
 */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

export { pidAlive };

export interface ProcessIdentity {
  pid: number;
  boot?: string | undefined;
  start?: string | undefined;
}

/** Whether the process named still runs on this host: same boot, same pid, same start time. */
export function identityAlive(identity: ProcessIdentity): boolean {
  if (identity.boot !== undefined && identity.boot !== bootId()) return false;
  if (identity.start !== undefined) return processStartTicks(identity.pid) === identity.start;
  return pidAlive(identity.pid);
}
