import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalTransport } from '../../transport/local.js';
import type { AdminAccess } from '../access/admin-access.js';
import { readControllerFiles } from './controller-source.js';
import { inspectFiles } from './remote-file.js';

describe('files as the inspect script sees them, under the real sh, stat and sha256sum', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-files-'));
  const empty = join(dir, 'gres.conf');
  const real = join(dir, 'slurm.conf.shared');
  const link = join(dir, 'slurm.conf');
  writeFileSync(empty, '');
  writeFileSync(real, 'ClusterName=x\n');
  chmodSync(real, 0o640);
  symlinkSync(real, link);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const local = createLocalTransport();

  it('takes an empty file for a regular file, and says what a link points to', async () => {
    const [e, l, missing] = await inspectFiles(local, [empty, link, join(dir, 'none')]);
    expect(e).toMatchObject({ exists: true, type: 'regular file' });
    expect(l).toMatchObject({ exists: true, type: 'symbolic link' });
    expect(l?.linkTarget).toMatchObject({ mode: '640', type: 'regular file' });
    expect(missing).toMatchObject({ exists: false, linkTarget: undefined });
  });

  it("reads a controller's file through its link, with the file's own mode", async () => {
    const access = { controller: () => local } as unknown as AdminAccess;
    const [file] = await readControllerFiles(access, [link]);
    expect(file?.state).toMatchObject({ path: link, type: 'regular file' });
    expect(file?.state.ownership?.mode).toBe('640');
    expect(Buffer.from(file?.content.stdin() ?? '', 'base64').toString()).toBe('ClusterName=x\n');
  });
});
