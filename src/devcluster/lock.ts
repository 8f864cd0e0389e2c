import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SlurmdeckError } from '../core/errors.js';

/** How long a dev-cluster command waits for another one; a full rebuild takes a few minutes. */
export const DEFAULT_LOCK_WAIT_MS = 15 * 60_000;
const BUSY_EXIT = 75;
const NOTICE_AFTER_MS = 300;

export function lockFile(root: string): string {
  return join(root, 'lock');
}

export interface LockOptions {
  waitMs?: number;
  /** Told once, when the lock is not free at once, who holds it. */
  onWait?: (holder: string) => void;
}

/**
 * Runs `work` holding the dev root's exclusive lock, so up, down, node stop/start and controller
 * restarts from any process never overlap. The lock is a flock(2) held by a small `flock` child
 * whose stdin is our pipe: the kernel drops it when we release it or when this process dies in
 * any way, so a crash never leaves a stale lock, and the daemons we start never inherit it.
 */
export async function withDevLock<T>(
  root: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const release = await acquire(root, options);
  try {
    return await work();
  } finally {
    await release();
  }
}

/** Who holds the lock, as its holder wrote it; "" when unknown. */
export function lockHolder(root: string): string {
  try {
    return readFileSync(lockFile(root), 'utf8').trim();
  } catch {
    return '';
  }
}

async function acquire(root: string, options: LockOptions): Promise<() => Promise<void>> {
  mkdirSync(root, { recursive: true });
  const file = lockFile(root);
  const waitS = ((options.waitMs ?? DEFAULT_LOCK_WAIT_MS) / 1000).toFixed(1);
  const child = spawn(
    'flock',
    [
      '--exclusive',
      `--wait=${waitS}`,
      `--conflict-exit-code=${BUSY_EXIT}`,
      file,
      // Says when the lock is ours, then holds it until our end of the pipe closes.
      'sh',
      '-c',
      'echo locked && exec cat >/dev/null',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  child.stdin.on('error', () => undefined); // flock gone already: nothing left to release
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    let output = '';
    const notice = setTimeout(() => {
      options.onWait?.(lockHolder(root) || 'another dev-cluster command');
    }, NOTICE_AFTER_MS);
    const fail = (error: SlurmdeckError) => {
      clearTimeout(notice);
      reject(error);
    };
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('locked')) {
        clearTimeout(notice);
        resolve();
      }
    });
    child.once('error', (error) =>
      fail(
        new SlurmdeckError('DEV_CLUSTER', `cannot run flock to lock ${file}: ${error.message}`, {
          hint: 'Install util-linux (it provides flock).',
          cause: error,
        }),
      ),
    );
    child.once('close', (code) => {
      if (output.includes('locked')) return;
      if (code === BUSY_EXIT) {
        const holder = lockHolder(root);
        fail(
          new SlurmdeckError(
            'DEV_CLUSTER',
            `another dev-cluster command still holds ${file} after ${waitS}s${holder ? ` (${holder})` : ''}`,
            { hint: 'Wait for it to finish, or stop that process; the lock goes with it.' },
          ),
        );
      } else {
        fail(
          new SlurmdeckError(
            'DEV_CLUSTER',
            `flock ${file} exited ${code}: ${stderr.trim() || 'no message'}`,
          ),
        );
      }
    });
  });
  // Only for messages: the lock itself is the flock, not this text.
  writeFileSync(file, `pid ${process.pid}: ${process.argv.slice(1).join(' ')}\n`);
  return async () => {
    child.stdin.end();
    await exited;
  };
}
