import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program.js';

const saved = {
  config: process.env['SLURMDECK_CONFIG'],
  state: process.env['SLURMDECK_STATE_DIR'],
};
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'sdeck-submit-site-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, 'sites:\n  sjtu: { user: alice }\n');
  process.env['SLURMDECK_CONFIG'] = file;
  process.env['SLURMDECK_STATE_DIR'] = join(dir, 'state');
});
afterAll(() => {
  for (const [key, value] of [
    ['SLURMDECK_CONFIG', saved.config],
    ['SLURMDECK_STATE_DIR', saved.state],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('submit at a site', () => {
  it('refuses with --strict a job that reads cold storage, naming the copy that fixes it', async () => {
    const err: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
    const code = await runCli([
      'node',
      'slurmdeck',
      '--site',
      'sjtu',
      'submit',
      '-p',
      'a100',
      '--wrap',
      'python train.py --data /archive/home/acct-x/alice/set',
      '--strict',
    ]);
    expect(code).toBe(2);
    const text = err.join('\n');
    expect(text).toContain(
      'the --wrap command uses /archive/home/acct-x/alice/set, on cold storage (archive)',
    );
    // Siyuan-1's home is on /dssg: that is where the data should go.
    expect(text).toContain(
      'slurmdeck --site sjtu data copy /archive/home/acct-x/alice/set /dssg/home/acct-x/alice/set',
    );
  }, 20_000);
});
