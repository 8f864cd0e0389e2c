import { describe, expect, it } from 'vitest';
import { parseShareUsage, shareUsageArgv } from './share-usage.js';

// sshare -n -P -a -u sduser -o Account,User,GrpTRESMins,GrpTRESRaw on Slurm 22.05, after
// some jobs, with GrpTRESMins set on the account.
const OUTPUT = [
  'root|||cpu=190,mem=95000,energy=0,node=95,billing=190,fs/disk=0,vmem=0,pages=0,gres/gpu=30',
  ' lab||cpu=600000,gres/gpu=60000|cpu=180,mem=90000,energy=0,node=90,billing=180,fs/disk=0,vmem=0,pages=0,gres/gpu=30',
  '  lab|sduser||cpu=120,mem=60000,energy=0,node=60,billing=120,fs/disk=0,vmem=0,pages=0,gres/gpu=30',
  ' other||cpu=60|cpu=10,gres/gpu=0',
  '  other|sduser|cpu=30|cpu=10.5',
  '',
].join('\n');

describe('parseShareUsage', () => {
  it('gives each account of the user its use and limits in hours, and the user’s own part', () => {
    expect(parseShareUsage(OUTPUT, 'sduser')).toEqual([
      {
        account: 'lab',
        used: { cpuHours: 3, gpuHours: 0.5 },
        usedByUser: { cpuHours: 2, gpuHours: 0.5 },
        limits: { cpuHours: 10000, gpuHours: 1000 },
      },
      {
        account: 'other',
        used: { cpuHours: 10 / 60, gpuHours: 0 },
        usedByUser: { cpuHours: 10.5 / 60, gpuHours: 0 },
        // The user's own association's cap comes before the account's.
        limits: { cpuHours: 0.5 },
      },
    ]);
  });

  it('has no accounts for a user sshare does not list, and no limits where none are set', () => {
    expect(parseShareUsage(OUTPUT, 'nobody')).toEqual([]);
    expect(parseShareUsage(' lab|||cpu=0\n  lab|u||cpu=0\n', 'u')[0]?.limits).toEqual({});
  });

  it('asks sshare once, with the user name checked', () => {
    expect(shareUsageArgv('sduser')).toContain('--users=sduser');
    expect(() => shareUsageArgv('a;b')).toThrow();
  });
});
