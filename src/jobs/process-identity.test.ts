import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bootId, identityAlive, processStartTicks } from './process-identity.js';

const linux = process.platform === 'linux';

describe.runIf(linux)('process identity', () => {
  it('names this process alive, and not once its start time or boot differs', () => {
    const me = { pid: process.pid, boot: bootId(), start: processStartTicks(process.pid) };
    expect(me.start).toMatch(/^\d+$/);
    expect(identityAlive(me)).toBe(true);
    expect(identityAlive({ ...me, start: String(Number(me.start) + 1) })).toBe(false);
    expect(identityAlive({ ...me, boot: 'another-boot' })).toBe(false);
  });

  it('names a process that has exited dead', () => {
    const gone = spawnSync('true').pid;
    expect(identityAlive({ pid: gone, boot: bootId(), start: '1' })).toBe(false);
  });
});
