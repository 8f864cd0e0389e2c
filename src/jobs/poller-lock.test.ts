import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquirePollerLock, ownerAlive, pollerHolder, processOwner } from './poller-lock.js';
import { bootId, processStartTicks } from './process-identity.js';

const dir = () => mkdtempSync(join(tmpdir(), 'slurmdeck-lock-'));

/** A lock as this version writes it, naming `pid` on this host. */
const lockOf = (pid: number, start = processStartTicks(pid)) =>
  JSON.stringify({ host: hostname(), pid, boot: bootId(), start, nonce: 'n0' });

const age = (file: string, ms: number) => {
  const then = new Date(Date.now() - ms);
  utimesSync(file, then, then);
};

describe('acquirePollerLock', () => {
  it('lets one poller per cluster hold it at a time', () => {
    const d = dir();
    const first = acquirePollerLock(d, 'hpc');
    expect(first).toBeDefined();
    expect(acquirePollerLock(d, 'hpc')).toBeUndefined();
    expect(acquirePollerLock(d, 'other')).toBeDefined();
    expect(pollerHolder(d, 'hpc')).toBe(process.pid);
    first?.release();
    expect(acquirePollerLock(d, 'hpc')).toBeDefined();
  });

  it('takes over the lock of a process that is gone on this host', () => {
    const d = dir();
    writeFileSync(join(d, 'poller-hpc.lock'), `${hostname()}:2147483646`);
    expect(pollerHolder(d, 'hpc')).toBeUndefined();
    expect(acquirePollerLock(d, 'hpc')).toBeDefined();
  });

  it("respects another host's lock while it is refreshed, and takes it over once it is not", () => {
    const d = dir();
    const file = join(d, 'poller-hpc.lock');
    writeFileSync(file, 'login2.example.org:4242');
    expect(acquirePollerLock(d, 'hpc')).toBeUndefined();
    age(file, 11 * 60_000);
    expect(acquirePollerLock(d, 'hpc')).toBeDefined();
  });

  it('does not release a lock another process has taken over since', () => {
    const d = dir();
    const mine = acquirePollerLock(d, 'hpc');
    writeFileSync(join(d, 'poller-hpc.lock'), lockOf(process.ppid));
    mine?.release();
    expect(pollerHolder(d, 'hpc')).toBe(process.ppid);
  });

  it('takes over a hand-written `host:1` lock though pid 1 lives (it names no poller)', () => {
    const d = dir();
    writeFileSync(join(d, 'poller-hpc.lock'), `${hostname()}:1\n`);
    expect(pollerHolder(d, 'hpc')).toBeUndefined();
    const lock = acquirePollerLock(d, 'hpc');
    expect(lock?.held()).toBe(true);
    expect(pollerHolder(d, 'hpc')).toBe(process.pid);
  });

  it('takes over a lock naming its own pid from an earlier life (a restarted container)', () => {
    const d = dir();
    writeFileSync(join(d, 'poller-hpc.lock'), lockOf(process.pid));
    expect(pollerHolder(d, 'hpc')).toBeUndefined();
    expect(acquirePollerLock(d, 'hpc')).toBeDefined();
  });

  it.runIf(process.platform === 'linux')(
    'takes over a live pid whose start time or boot is not the one in the lock',
    () => {
      const d = dir();
      const file = join(d, 'poller-hpc.lock');
      writeFileSync(file, lockOf(1, '999999999999'));
      expect(acquirePollerLock(d, 'hpc')).toBeDefined();
      const other = dir();
      writeFileSync(
        join(other, 'poller-hpc.lock'),
        JSON.stringify({ ...JSON.parse(lockOf(process.ppid)), boot: 'before-the-reboot' }),
      );
      expect(acquirePollerLock(other, 'hpc')).toBeDefined();
    },
  );

  it('respects a live holder on this host while it heartbeats, and not once it stops', () => {
    const d = dir();
    const file = join(d, 'poller-hpc.lock');
    writeFileSync(file, lockOf(process.ppid));
    expect(acquirePollerLock(d, 'hpc')).toBeUndefined();
    age(file, 3 * 60_000);
    expect(pollerHolder(d, 'hpc')).toBeUndefined();
    expect(acquirePollerLock(d, 'hpc')).toBeDefined();
  });

  it('says it lost the lock when another process replaced it', () => {
    const d = dir();
    const lock = acquirePollerLock(d, 'hpc');
    expect(lock?.held()).toBe(true);
    writeFileSync(join(d, 'poller-hpc.lock'), lockOf(process.ppid));
    expect(lock?.held()).toBe(false);
  });
});

describe('ownerAlive', () => {
  it('knows this process by its owner name, and an earlier process with its pid as gone', () => {
    const me = processOwner();
    expect(ownerAlive(me, 0)).toBe(true);
    if (process.platform !== 'linux') return;
    const [host, pid, boot] = me.split(':');
    expect(ownerAlive(`${host}:${pid}:${boot}:1`, Date.now())).toBe(false);
  });
});

describe('take-over race', () => {
  const CONTENDER = fileURLToPath(new URL('../../test/helpers/lock-contender.ts', import.meta.url));
  const contenders: ChildProcess[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 12; i++) {
      const child = fork(CONTENDER, { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
      contenders.push(child);
    }
    await Promise.all(
      contenders.map((child) => new Promise((resolve) => child.once('message', resolve))),
    );
  }, 60_000);

  afterAll(() => {
    for (const child of contenders) child.send('exit');
  });

  const stale: Array<(file: string) => void> = [
    (file) => writeFileSync(file, `${hostname()}:2147483646`),
    (file) => writeFileSync(file, lockOf(2147483646, '1')),
    (file) => {
      writeFileSync(file, lockOf(process.pid));
      age(file, 3 * 60_000);
    },
  ];

  it("gives a dead holder's lock to exactly one of 12 processes, every time", async () => {
    for (let trial = 0; trial < 100; trial++) {
      const d = dir();
      stale[trial % stale.length]?.(join(d, 'poller-race.lock'));
      const at = Date.now() + 40;
      const answers = await Promise.all(
        contenders.map(
          (child, index) =>
            new Promise<{ pid: number; won: boolean }>((resolve) => {
              child.once('message', (answer) => resolve(answer as { pid: number; won: boolean }));
              // Staggered by a few ms: a late contender must see the stale lock and then act
              // after the winner has replaced it (the old rename-aside race needed that).
              child.send({ dir: d, at: at + (index % 4) });
            }),
        ),
      );
      const winners = answers.filter((answer) => answer.won);
      expect(winners, `trial ${trial}`).toHaveLength(1);
      expect(pollerHolder(d, 'race')).toBe(winners[0]?.pid);
    }
  }, 120_000);
});
