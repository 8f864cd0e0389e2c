import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalTransport } from '../transport/index.js';
import { checkFiles, parseCheckLine } from './file-check.js';

describe("looking at a run's files on the cluster", () => {
  it('sizes and mtimes through a real shell, missing ones said so, odd names kept whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-files-'));
    const odd = join(dir, "it's $(touch pwned) `x` ; name.pt");
    writeFileSync(odd, 'x'.repeat(1234));
    utimesSync(odd, 1_780_000_000, 1_780_000_000);
    mkdirSync(join(dir, 'ckpt'));
    writeFileSync(join(dir, 'ckpt', 'last.pt'), 'abc');
    symlinkSync(join(dir, 'ckpt', 'last.pt'), join(dir, 'best.pt'));
    symlinkSync(join(dir, 'gone.pt'), join(dir, 'dangling.pt'));
    // More paths than one command takes: the rest go in the next.
    const many = Array.from({ length: 450 }, (_, i) => join(dir, `nothing-${i}.pt`));
    const checks = await checkFiles(createLocalTransport(), [
      odd,
      join(dir, 'best.pt'),
      join(dir, 'dangling.pt'),
      ...many,
    ]);
    expect(checks).toHaveLength(453);
    expect(checks[0]).toEqual({ path: odd, size: 1234, mtime: 1_780_000_000_000, missing: false });
    expect(checks[1]).toMatchObject({ size: 3, missing: false });
    // A link whose target is gone: nothing there to open.
    expect(checks.slice(2).every((c) => c.missing)).toBe(true);
    expect(existsSync('pwned')).toBe(false);
  });

  it('reads each line of the script', () => {
    expect(parseCheckLine('/a', '10 20')).toEqual({
      path: '/a',
      size: 10,
      mtime: 20_000,
      missing: false,
    });
    expect(parseCheckLine('/a', 'missing')).toMatchObject({ missing: true });
    expect(parseCheckLine('/a', 'unreadable')).toBeUndefined();
    expect(parseCheckLine('/a', undefined)).toBeUndefined();
  });
});
