import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createUsageMeter, parseProcStat, parseRssBytes, processTree } from './proc-usage.js';

describe('/proc parsing', () => {
  it('reads parent and CPU ticks after a command name with spaces and parentheses', () => {
    const line =
      '4242 (python (x) y) S 4200 4242 4200 0 -1 4194560 9000 0 0 0 1500 250 0 0 20 0 8 0 123 1000 2000';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 4200, ticks: 1750 });
  });

  it('reads VmRSS in kB as bytes, 0 when a process has none', () => {
    expect(parseRssBytes('Name:\tpython\nVmRSS:\t  123456 kB\nThreads:\t8\n')).toBe(123456 * 1024);
    expect(parseRssBytes('Name:\tkthreadd\nThreads:\t1\n')).toBe(0);
  });
});

describe('createUsageMeter on real processes', () => {
  it("counts a busy child's CPU and memory under its parent's tree", async () => {
    // A shell whose child spins on a core and holds 50 MB.
    const script =
      "node -e 'const b = Buffer.alloc(50e6, 1); const end = Date.now() + 4000; while (Date.now() < end) b[0]++' & wait";
    const shell = spawn('sh', ['-c', script], { stdio: 'ignore' });
    try {
      const meter = createUsageMeter(shell.pid as number);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(processTree(shell.pid as number).length).toBeGreaterThanOrEqual(2);
      const sample = meter();
      // A spinning child gets a core on an idle machine; on a loaded one (CI, 2 cores shared
      // with the suite) much less, but never nothing.
      expect(sample.cpuPercent).toBeGreaterThan(10);
      expect(sample.cpuPercent).toBeLessThan(250);
      expect(sample.rssBytes).toBeGreaterThan(50e6);
    } finally {
      shell.kill('SIGKILL');
    }
  }, 10_000);
});
