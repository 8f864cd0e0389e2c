import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createExclusive, linkIfAbsent } from './exclusive-file.js';
import {
  bootId,
  identityAlive,
  pidAlive,
  processStartTicks,
  type ProcessIdentity,
} from './process-identity.js';

export interface PollerLock {
  /** Says the poller still lives (also done on a timer while the lock is held). */
  heartbeat(): void;
  /** Whether the lock file still names this holder. */
  held(): boolean;
  release(): void;
}

/** Another host's lock not refreshed for this long is taken over. */
const FOREIGN_STALE_MS = 10 * 60_000;
/** On this host too: a holder that lives but stopped heartbeating (hung, stopped) is replaced. */
const LOCAL_STALE_MS = 2 * 60_000;
const HEARTBEAT_MS = 20_000;
/** A take-over claim older than this was left by a contender that died half-way. */
const CLAIM_STALE_MS = 30_000;

interface Holder extends ProcessIdentity {
  host: string;
  /** Random per lock: tells this holder from an earlier one with the same pid (pid 1 in a container). */
  nonce?: string | undefined;
}

interface LockState {
  text: string;
  holder: Holder | undefined;
  ageMs: number;
}

/** Nonces of the locks this process holds. */
const heldHere = new Set<string>();

const lockFile = (dir: string, cluster: string) => join(dir, `poller-${cluster}.lock`);

function parseHolder(text: string): Holder | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as Partial<Record<keyof Holder, unknown>>;
      if (typeof value.host !== 'string' || !Number.isInteger(value.pid)) return undefined;
      const text = (field: unknown) => (typeof field === 'string' ? field : undefined);
      return {
        host: value.host,
        pid: value.pid as number,
        boot: text(value.boot),
        start: text(value.start),
        nonce: text(value.nonce),
      };
    } catch {
      return undefined;
    }
  }
  // Written by earlier versions (or by hand): `host:pid`.
  const [host, pid] = trimmed.split(':');
  const number = Number(pid);
  return host && Number.isInteger(number) && number > 0 ? { host, pid: number } : undefined;
}

function readLock(file: string): LockState | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    return { text, holder: parseHolder(text), ageMs: Date.now() - statSync(file).mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * Another host's lock holds while it is refreshed. One of this host holds while the very process
 * it names runs (same boot, pid and start time) and heartbeats; a lock without that identity
 * (an older version's, or hand-written) names nobody we can tell apart from pid reuse.
 */
function holderAlive(lock: LockState): boolean {
  const { holder, ageMs } = lock;
  // Empty: an older version created it and has yet to write its name.
  if (!holder) return lock.text.trim() === '' && ageMs < 5_000;
  if (holder.host !== hostname()) return ageMs < FOREIGN_STALE_MS;
  if (holder.nonce === undefined) return false;
  if (holder.pid === process.pid) return heldHere.has(holder.nonce);
  return ageMs < LOCAL_STALE_MS && identityAlive(holder);
}

/**
 * Replaces the stale lock whose text is `stale` with `draft`, unless another contender does so
 * first. Contenders race to create a claim file named after that stale text (O_EXCL: one wins);
 * the winner checks the lock still holds the stale text, then renames its draft over it. A late
 * contender can no longer move a fresh lock aside: its claim comes after the winner's rename,
 * and its check sees the new text.
 */
function takeOver(file: string, stale: string, draft: string): boolean {
  const key = createHash('sha256').update(stale).digest('hex').slice(0, 16);
  for (let round = 0; round < 5; round++) {
    const claim = `${file}.takeover-${key}-${round}`;
    if (!createExclusive(claim)) {
      const ageMs = Date.now() - (statSync(claim, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (ageMs < CLAIM_STALE_MS) return false;
      continue;
    }
    try {
      if (readLock(file)?.text !== stale) return false;
      renameSync(draft, file);
      return true;
    } finally {
      rmSync(claim, { force: true });
    }
  }
  return false;
}

function hold(file: string, me: Holder & { nonce: string }): PollerLock {
  heldHere.add(me.nonce);
  const held = () => readLock(file)?.holder?.nonce === me.nonce;
  const heartbeat = () => {
    if (!held()) return;
    const now = new Date();
    utimesSync(file, now, now);
  };
  // Heartbeats between polls too: a slow poll interval must not look like a hung holder.
  const timer = setInterval(() => {
    try {
      heartbeat();
    } catch {
      // the folder went away (NFS blip): the next beat tries again
    }
  }, HEARTBEAT_MS).unref();
  return {
    heartbeat,
    held,
    release: () => {
      clearInterval(timer);
      heldHere.delete(me.nonce);
      if (held()) rmSync(file, { force: true });
    },
  };
}

/** `host:pid` of this process (and, where /proc tells, boot and start): who asked for something. */
export function processOwner(): string {
  const boot = bootId();
  const start = processStartTicks(process.pid);
  const identity = boot && start ? `:${boot}:${start}` : '';
  return `${hostname()}:${process.pid}${identity}`;
}

/** A process on this host lives while it is the same process; one elsewhere while it refreshes. */
export function ownerAlive(owner: string, refreshedAt: number): boolean {
  const [host, pid, boot, start] = owner.split(':');
  if (host !== hostname()) return Date.now() - refreshedAt < FOREIGN_STALE_MS;
  if (boot && start) return identityAlive({ pid: Number(pid), boot, start });
  return pidAlive(Number(pid));
}

/**
 * One poller per cluster: the first watcher takes the lock and polls Slurm; others see it held
 * and only read the shared state. A dead holder's lock is taken over by exactly one process.
 */
export function acquirePollerLock(dir: string, cluster: string): PollerLock | undefined {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = lockFile(dir, cluster);
  const me = {
    host: hostname(),
    pid: process.pid,
    boot: bootId(),
    start: processStartTicks(process.pid),
    nonce: randomBytes(12).toString('hex'),
  };
  const draft = `${file}.${me.nonce}`;
  writeFileSync(draft, `${JSON.stringify(me)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (linkIfAbsent(draft, file)) return hold(file, me);
      const current = readLock(file);
      if (!current) continue; // released just now: try again
      if (holderAlive(current)) return undefined;
      if (takeOver(file, current.text, draft)) return hold(file, me);
    }
    return undefined;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** The pid of the process polling `cluster` from this host, if one does. */
export function pollerHolder(dir: string, cluster: string): number | undefined {
  const lock = readLock(lockFile(dir, cluster));
  return lock?.holder && holderAlive(lock) ? lock.holder.pid : undefined;
}
