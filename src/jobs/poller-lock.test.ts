import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquirePollerLock, pollerHolder } from './poller-lock.js';

const dir = () => mkdtempSync(join(tmpdir(), 'sdk-lock-'));

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
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(file, old, old);
    expect(acquirePollerLock(d, 'hpc')).toBeDefined();
  });

  it('does not release a lock another process has taken over since', () => {
    const d = dir();
    const mine = acquirePollerLock(d, 'hpc');
    writeFileSync(join(d, 'poller-hpc.lock'), `${hostname()}:${process.ppid}`);
    mine?.release();
    expect(pollerHolder(d, 'hpc')).toBe(process.ppid);
  });
});
