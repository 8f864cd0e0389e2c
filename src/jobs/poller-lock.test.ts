import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquirePollerLock, pollerHolder } from './poller-lock.js';

describe('acquirePollerLock', () => {
  it('lets one poller per cluster hold it at a time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdk-lock-'));
    const first = acquirePollerLock(dir, 'hpc');
    expect(first).toBeDefined();
    expect(acquirePollerLock(dir, 'hpc')).toBeUndefined();
    expect(acquirePollerLock(dir, 'other')).toBeDefined();
    expect(pollerHolder(dir, 'hpc')).toBe(process.pid);
    first?.release();
    expect(acquirePollerLock(dir, 'hpc')).toBeDefined();
  });

  it('takes over a lock whose process is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdk-lock-'));
    writeFileSync(join(dir, 'poller-hpc.lock'), '2147483646');
    expect(pollerHolder(dir, 'hpc')).toBeUndefined();
    expect(acquirePollerLock(dir, 'hpc')).toBeDefined();
  });
});
