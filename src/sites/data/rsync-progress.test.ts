import { describe, expect, it } from 'vitest';
import { explainRsyncExit } from './rsync-exit.js';
import { addUpProgress, lastProgress, rateBytes, rsyncErrors } from './rsync-progress.js';

// Captured from `rsync --archive --partial --info=progress2 --bwlimit=3000 src/ dst/ > log 2>&1`.
const CAPTURED =
  '\r         32,768   0%    0.00kB/s    0:00:00  \r      3,000,000  33%    2.94MB/s    0:00:00 (xfr#1, to-chk=2/4)\r      3,327,680  36%    2.93MB/s    0:00:01  \r      6,000,000  66%    2.95MB/s    0:00:01 (xfr#2, to-chk=1/4)\r      6,589,824  73%    2.93MB/s    0:00:00  ';

describe('rsync progress', () => {
  it('reads the latest progress2 line', () => {
    expect(lastProgress(CAPTURED)).toEqual({
      bytes: 6_589_824,
      percent: 73,
      rate: '2.93MB/s',
      eta: '0:00:00',
    });
    expect(lastProgress(CAPTURED.slice(0, CAPTURED.indexOf('\r      3,327')))).toEqual({
      bytes: 3_000_000,
      percent: 33,
      rate: '2.94MB/s',
      eta: '0:00:00',
      toCheck: { left: 2, total: 4 },
    });
  });

  it('has nothing to say before the first line, and keeps rsync’s errors', () => {
    expect(lastProgress('sending incremental file list\n')).toBeUndefined();
    const log = `${CAPTURED}\nrsync: [sender] send_files failed to open "/src/x": Permission denied (13)\nrsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]\n`;
    expect(rsyncErrors(log)).toHaveLength(2);
    expect(explainRsyncExit(23).meaning).toContain('permissions');
    expect(explainRsyncExit(24).meaning).toContain('vanished');
    expect(explainRsyncExit(20).hint).toContain('data resume');
    expect(explainRsyncExit(0).ok).toBe(true);
  });
});

describe('addUpProgress', () => {
  it('adds the streams’ bytes and rates and measures them against the total', () => {
    const parts = [
      { bytes: 1_000_000, percent: 50, rate: '1.50MB/s', eta: '0:00:01' },
      { bytes: 500_000, percent: 25, rate: '500.00kB/s', eta: '0:00:03' },
    ];
    expect(addUpProgress(parts, 4_000_000)).toEqual({
      bytes: 1_500_000,
      percent: 37,
      rate: '2.00MB/s',
      eta: '0:00:01',
    });
    expect(addUpProgress([], 0)).toMatchObject({ bytes: 0, percent: 100, eta: '0:00:00' });
  });

  it('reads rsync’s rates', () => {
    expect(rateBytes('2.94MB/s')).toBeCloseTo(2_940_000);
    expect(rateBytes('12.00kB/s')).toBe(12_000);
    expect(rateBytes('0.00B/s')).toBe(0);
    expect(rateBytes('garbage')).toBe(0);
  });
});
