import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

  it('logs a real PyTorch Lightning CPU training through SlurmdeckLogger (venv of scripts/python-env.sh)', () => {
    const venv = join(process.env['SLURMDECK_PY'] ?? '/opt/slurmdeck-py', 'bin', 'python');
    expect(existsSync(venv), `${venv} is missing: run scripts/python-env.sh`).toBe(true);
    const run = spawnSync(venv, ['-m', 'unittest', '-v', 'tests.test_lightning'], {
      cwd: pythonDir,
      encoding: 'utf8',
      timeout: 240_000,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Ran 1 test/);
    expect(run.stderr).not.toMatch(/skipped/);
  }, 250_000);
});
