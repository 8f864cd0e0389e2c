import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('slurmdeck data copy', () => {
  it('asks where the copy goes when neither DST nor --to is given, or both', async () => {
    const err: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
    expect(await runCli(['node', 'slurmdeck', 'data', 'copy', '/lustre/x'])).toBe(2);
    expect(
      await runCli(['node', 'slurmdeck', 'data', 'copy', '/lustre/x', '/y', '--to', 'cold']),
    ).toBe(2);
    expect(err.join('\n')).toContain('Give DST, or --to POOL');
  }, 20_000);

  it('says how to configure a site that is not configured', async () => {
    const err: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
    expect(
      await runCli([
        'node',
        'slurmdeck',
        '--site',
        'nowhere',
        'data',
        'copy',
        '/a',
        '--to',
        'cold',
      ]),
    ).not.toBe(0);
    expect(err.join('\n')).toContain('no account at site "nowhere"');
  }, 20_000);
});
