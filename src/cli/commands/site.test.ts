import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  return { out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('slurmdeck site', () => {
  it('routes a partition to its group’s login node and says why', async () => {
    const { out } = capture();
    expect(
      await runCli(['node', 'slurmdeck', 'site', 'route', '--site', 'sjtu', '--partition', 'a100']),
    ).toBe(0);
    expect(out[0]).toBe('sylogin.hpc.sjtu.edu.cn');
    expect(out.join('\n')).toContain('partition a100 belongs to group sy');
  });

  it('answers in JSON for scripts and agents', async () => {
    const { out } = capture();
    const argv = [
      'node',
      'slurmdeck',
      'site',
      'route',
      '--site',
      'sjtu',
      '--path',
      '/vault/x',
      '--json',
    ];
    expect(await runCli(argv)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({
      pool: 'vault',
      kind: 'data',
      writable: true,
    });
  });

  it('maps a path to another pool', async () => {
    const { out } = capture();
    const argv = [
      'node',
      'slurmdeck',
      'site',
      'map-path',
      '/lustre/home/acct-hpc/u',
      '--site',
      'sjtu',
      '--to',
      'archive',
    ];
    expect(await runCli(argv)).toBe(0);
    expect(out).toEqual(['/archive/home/acct-hpc/u']);
  });

  it('asks for exactly one target, with the fix', async () => {
    const { err } = capture();
    const argv = ['node', 'slurmdeck', 'site', 'route', '--site', 'sjtu'];
    expect(await runCli(argv)).toBe(2);
    expect(err.join('\n')).toContain('Pass exactly one of --partition, --path or --storage');
  });
});

describe('--site on any command', () => {
  it('refuses --cluster and --site together, saying which to pass', async () => {
    const { err } = capture();
    expect(await runCli(['node', 'slurmdeck', '--site', 'sjtu', '--cluster', 'dev', 'nodes'])).toBe(
      2,
    );
    expect(err.join('\n')).toContain('--cluster and --site both name where to go');
  });
});
