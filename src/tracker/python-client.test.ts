import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pythonDir = fileURLToPath(new URL('../../python', import.meta.url));

describe('the Python client (standard library only)', () => {
  it("passes its own tests against a real HTTP receiver, with the system's python3", () => {
    const run = spawnSync('/usr/bin/python3', ['-m', 'unittest', 'discover', '-s', 'tests'], {
      cwd: pythonDir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Ran \d+ tests/);
  }, 130_000);
});
