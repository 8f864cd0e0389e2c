import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../store/index.js';
import { createSqliteTrackerStore } from '../../tracker/index.js';
import { registerRuns } from './runs.js';

// The command end to end in this process: a real state database seeded through the store;
// only stdout is captured.
let dir: string;
let output: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slurmdeck-cli-runs-'));
  // Cluster dev runs its commands on this machine: `runs show --check` stats real files.
  writeFileSync(join(dir, 'config.yaml'), 'clusters:\n  dev:\n    transport: local\n');
  vi.stubEnv('SLURMDECK_CONFIG', join(dir, 'config.yaml'));
  vi.stubEnv('SLURMDECK_STATE_DIR', join(dir, 'state'));
  output = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown = '') => {
    output.push(`${String(line)}\n`);
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    output.push(String(chunk));
    return true;
  });
  const db = openDatabase({ file: join(dir, 'state', 'slurmdeck.db') });
  const store = createSqliteTrackerStore(db);
  await store.startRun(
    { uid: 'aaaa1111', project: 'gpt', name: 'lr-small', config: { optim: { lr: 1e-4 }, seed: 1 } },
    1000,
  );
  await store.startRun(
    {
      uid: 'bbbb2222',
      project: 'gpt',
      name: 'lr-big',
      cluster: 'dev',
      jobId: '42',
      config: { optim: { lr: 1e-2 }, seed: 1 },
    },
    2000,
  );
  const points = (uid: string, n: number) =>
    Array.from({ length: n }, (_, s) => ({
      k: 'loss',
      s,
      v: s === 10 ? NaN : 1 / (s + 1),
      t: 1_780_000_000 + s,
    }));
  await store.applyBatches(
    [
      { run: 'aaaa1111', seq: 1, points: points('aaaa1111', 5000) },
      { run: 'bbbb2222', seq: 1, points: points('bbbb2222', 20) },
    ],
    3000,
  );
  await store.recordJobEnd(
    { cluster: 'dev', jobId: '42', outcome: 'OUT_OF_MEMORY', exitCode: 0, endedAt: 4000 },
    4000,
  );
  db.close();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function runs(...args: string[]): Promise<string> {
  const program = new Command().exitOverride().option('--cluster <name>');
  registerRuns(program);
  output = [];
  await program.parseAsync(['node', 'slurmdeck', 'runs', ...args]);
  return output.join('');
}

describe('slurmdeck runs', () => {
  it('lists runs newest first, the job outcome as their state', async () => {
    const text = await runs('list');
    expect(text.split('\n')[1]).toMatch(/^bbbb2222\s+lr-big\s+gpt\s+OUT_OF_MEMORY\s+dev\/42/);
    expect(text).toMatch(/aaaa1111\s+lr-small\s+gpt\s+running/);
    const json = JSON.parse(await runs('list', '--status', 'failed', '--json')) as Array<{
      uid: string;
    }>;
    expect(json.map((r) => r.uid)).toEqual(['bbbb2222']);
  });

  it('filters by a nested param, sorts by a metric and shows its last (min..max)', async () => {
    const small = await runs('list', '--filter', 'params.optim.lr<0.001', '--json');
    expect((JSON.parse(small) as Array<{ uid: string }>).map((r) => r.uid)).toEqual(['aaaa1111']);
    const text = await runs(
      'list',
      '--sort',
      'metrics.loss.last',
      '--metric',
      'loss',
      '--limit',
      '1',
    );
    expect(text.split('\n')[1]).toMatch(/^aaaa1111\s+lr-small.*\s0\.0002 \(0\.0002\.\.1\)$/);
    expect(text).toContain('(1 of 2 runs)');
    await expect(runs('list', '--filter', 'colour=red')).rejects.toThrow(/unknown field "colour"/);
  });

  it('shows a run by a start of its uid, with each metric summarized', async () => {
    const shown = JSON.parse(await runs('show', 'aaaa', '--json')) as Record<string, unknown>;
    expect(shown).toMatchObject({
      run: { uid: 'aaaa1111', config: { optim: { lr: 1e-4 } } },
      metrics: [{ key: 'loss', points: 5000, lastStep: 4999, max: 1 }],
    });
  });

  it("lists a run's files, and with --check what its cluster sees now", async () => {
    const db = openDatabase({ file: join(dir, 'state', 'slurmdeck.db') });
    const store = createSqliteTrackerStore(db);
    const kept = join(dir, 'last.pt');
    writeFileSync(kept, Buffer.alloc(777));
    const declared = (path: string) => ({ path, kind: 'checkpoint' as const, size: 1, t: 1 });
    await store.applyBatches(
      [{ run: 'bbbb2222', seq: 2, points: [], files: [declared(kept), declared(`${kept}.old`)] }],
      5000,
    );
    const before = await runs('show', 'bbbb');
    expect(before).toMatch(/^KIND\s+BYTES\s+MODIFIED\s+LOOKED\s+PATH$/m);
    expect(before).toMatch(new RegExp(`^checkpoint\\s+1\\s+.*as declared\\s+${kept}$`, 'm'));
    const after = JSON.parse(await runs('show', 'bbbb', '--check', '--json')) as {
      files: Array<{ path: string; size?: number; missing: boolean }>;
    };
    expect(after.files.map((f) => [f.path, f.size, f.missing])).toEqual([
      [kept, 777, false],
      [`${kept}.old`, 1, true],
    ]);
    expect(await runs('show', 'bbbb')).toMatch(/^checkpoint\s+gone\s/m);
  });

  it('gives every point of a metric, or at most --max-points with M4', async () => {
    const all = JSON.parse(await runs('metrics', 'aaaa1111', '--key', 'loss', '--json')) as {
      steps: number[];
      values: unknown[];
      total: number;
    };
    expect(all.steps).toHaveLength(5000);
    expect(all.values[10]).toBe('NaN');
    const few = JSON.parse(
      await runs('metrics', 'aaaa1111', '--key', 'loss', '--max-points', '100', '--json'),
    ) as { steps: number[]; total: number; downsampled: boolean };
    expect(few).toMatchObject({ total: 5000, downsampled: true });
    expect(few.steps.length).toBeLessThanOrEqual(100);
    const text = await runs('metrics', 'aaaa1111', '--key', 'loss');
    expect(text.split('\n').slice(0, 3)).toEqual([
      'step\tvalue\twall_time',
      '0\t1\t1780000000',
      '1\t0.5\t1780000001',
    ]);
    await expect(runs('metrics', 'aaaa1111', '--key', 'nope')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('compares runs: the params that differ, each metric per run', async () => {
    const result = JSON.parse(await runs('compare', 'lr-small', 'bbbb', '--json')) as Record<
      string,
      unknown
    >;
    expect(result['paramsDiff']).toEqual({ 'optim.lr': [1e-4, 1e-2] });
    expect(result['sameParams']).toBe(1);
    const text = await runs('compare', 'aaaa', 'bbbb');
    expect(text).toMatch(/optim\.lr\s+0\.0001\s+0\.01/);
  });

  it('exports every point as CSV, to a file when asked', async () => {
    const file = join(dir, 'out.csv');
    await runs('export', 'aaaa', 'bbbb', '--output', file);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('run,key,step,value,wall_time');
    expect(lines).toHaveLength(1 + 5000 + 20);
    expect(lines.at(-1)).toBe('bbbb2222,loss,19,0.05,1780000019');
  });
});
