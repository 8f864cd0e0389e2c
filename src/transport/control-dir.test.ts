import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { ensureControlDir } from './control-dir.js';

describe('ensureControlDir', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'slurmdeck-ctl-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('creates missing directories with mode 0700', async () => {
    const dir = join(base, 'run', 'ssh');
    await ensureControlDir(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('tightens an existing directory that others could enter', async () => {
    const dir = join(base, 'ssh');
    await mkdir(dir);
    await chmod(dir, 0o755);
    await ensureControlDir(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('refuses a symbolic link or a file in its place', async () => {
    const real = join(base, 'real');
    await mkdir(real, { mode: 0o700 });
    await symlink(real, join(base, 'link'));
    await writeFile(join(base, 'file'), '');
    for (const name of ['link', 'file']) {
      const error = await ensureControlDir(join(base, name)).catch((e: unknown) => e);
      expect(isSlurmdeckError(error, 'INVALID_ARGUMENT'), name).toBe(true);
    }
  });

  it.skipIf(process.getuid?.() !== 0)(
    'refuses a directory that belongs to someone else',
    async () => {
      const dir = join(base, 'theirs');
      await mkdir(dir, { mode: 0o700 });
      const { chown } = await import('node:fs/promises');
      await chown(dir, 65534, 65534);
      const error = await ensureControlDir(dir).catch((e: unknown) => e);
      expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect(String(error)).toMatch(/belongs to uid 65534/);
    },
  );
});
