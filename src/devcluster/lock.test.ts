import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlurmdeckError } from '../core/errors.js';
import { lockFile, withDevLock } from './lock.js';
import { isAlive, sleep, startDetached } from './sh.js';

const hasFlock = spawnSync('flock', ['--version']).status === 0;
let root: string;
const children: ChildProcess[] = [];
const groups: Array<() => void> = [];
const pids: number[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'slurmdeck-devlock-'));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const kill of groups.splice(0)) kill();
  for (const pid of pids.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

/** Another process holding the lock: flock(1) on the same file, until its group is killed. */
async function otherHolder(): Promise<{ kill(): void }> {
  const child = spawn('flock', ['--exclusive', lockFile(root), 'sh', '-c', 'echo held; sleep 60'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: true,
  });
  const kill = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  };
  groups.push(kill);
  await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  return { kill };
}

describe.skipIf(!hasFlock)('the dev root lock', () => {
  it('lets one holder at a time in, in this process too', async () => {
    const events: string[] = [];
    const holder = (name: string) =>
      withDevLock(root, async () => {
        events.push(`${name} in`);
        await sleep(150);
        events.push(`${name} out`);
        return name;
      });
    const results = await Promise.all([holder('a'), holder('b'), holder('c')]);
    expect(results).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]?.replace(' in', '')).toBe(events[i + 1]?.replace(' out', ''));
    }
  });

  it('is released when the work fails', async () => {
    await expect(
      withDevLock(root, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(withDevLock(root, async () => 'again', { waitMs: 1000 })).resolves.toBe('again');
  });

  it('waits for another process, says who holds it, and goes on once it is gone', async () => {
    const other = await otherHolder();
    const waits: string[] = [];
    const entered = withDevLock(root, async () => Date.now(), {
      onWait: (holder) => waits.push(holder),
    });
    await sleep(600);
    expect(waits).toHaveLength(1);
    const killedAt = Date.now();
    other.kill();
    expect(await entered).toBeGreaterThanOrEqual(killedAt);
  });

  it('gives up after waitMs with DEV_CLUSTER and a hint', async () => {
    await otherHolder();
    const error = await withDevLock(root, async () => undefined, { waitMs: 500 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SlurmdeckError);
    expect((error as SlurmdeckError).code).toBe('DEV_CLUSTER');
    expect((error as SlurmdeckError).message).toMatch(/still holds .*lock after 0\.5s/);
    expect((error as SlurmdeckError).hint).toBeTruthy();
  });

  it('is not kept by daemons started while it is held', async () => {
    await withDevLock(root, async () => {
      pids.push(startDetached(['sleep', '60'], join(root, 'daemon.log')));
    });
    await expect(withDevLock(root, async () => 'free', { waitMs: 1000 })).resolves.toBe('free');
  });

  it('dies with a holder that is killed: no stale lock', async () => {
    // A process that takes the lock through this module and never lets go, then is SIGKILLed.
    const script = `
      import { withDevLock } from ${JSON.stringify(join(import.meta.dirname, 'lock.ts'))};
      await withDevLock(${JSON.stringify(root)}, async () => {
        console.log('held');
        await new Promise(() => setInterval(() => undefined, 1000));
      });`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    await expect(withDevLock(root, async () => 'x', { waitMs: 300 })).rejects.toThrow(/holds/);
    child.kill('SIGKILL');
    await expect(withDevLock(root, async () => 'free', { waitMs: 5000 })).resolves.toBe('free');
  });
});
