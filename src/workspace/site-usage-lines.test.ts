import { describe, expect, it } from 'vitest';
import { usageLines } from './site-usage-lines.js';

describe('usageLines', () => {
  it('says each account’s CPU and GPU hours against its limits, and the user’s own part', () => {
    expect(
      usageLines({
        accounts: [
          {
            account: 'lab',
            used: { cpuHours: 1234.4, gpuHours: 2.25 },
            usedByUser: { cpuHours: 3, gpuHours: 0 },
            limits: { cpuHours: 10000 },
          },
        ],
      }),
    ).toEqual([
      'account lab: CPU 1234 h of 10000 h, GPU 2.3 h (no limit); yours 3.0 h CPU, 0.0 h GPU',
    ]);
  });

  it('says why there is nothing to show', () => {
    expect(usageLines({ accounts: [] })).toEqual([
      'account usage: sshare lists no account of yours',
    ]);
    expect(usageLines({ error: 'sshare: command not found' })).toEqual([
      'account usage: not available (sshare: command not found)',
    ]);
  });
});
