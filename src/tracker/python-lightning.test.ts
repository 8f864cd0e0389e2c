import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pythonDir = fileURLToPath(new URL('../../python', import.meta.url));
// The venv with torch and lightning that scripts/python-env.sh makes (.ci/run calls it).
const venv = process.env['SLURMDECK_PY'] ?? '/opt/slurmdeck-py';

describe('SlurmdeckLogger for PyTorch Lightning', () => {
  it('passes its test: a real CPU training logs its hyperparameters and every step', () => {
    const python = join(venv, 'bin', 'python');
    expect(existsSync(python), `no ${python}: run scripts/python-env.sh first`).toBe(true);
    const run = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'tests_lightning'], {
      cwd: pythonDir,
      encoding: 'utf8',
      timeout: 300_000,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Ran 1 test/);
  }, 310_000);
});
