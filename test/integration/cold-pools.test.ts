import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomiestColdPool, siteProfileSchema } from '../../src/sites/index.js';
import { createLocalTransport } from '../../src/transport/index.js';

// Two real filesystems of different sizes stand in for a site's cold pools (/archive, /vault).
let root: string;
const mounts: string[] = [];

beforeAll(() => {
  root = mkdtempSync('/tmp/sdeck-cold-');
  for (const [name, size] of [
    ['archive', '8m'],
    ['vault', '32m'],
  ] as const) {
    const dir = join(root, name);
    mkdirSync(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
    mounts.push(dir);
  }
});

afterAll(() => {
  for (const dir of mounts) execFileSync('umount', [dir]);
  rmSync(root, { recursive: true, force: true });
});

describe('the cold pool with the most free space', () => {
  const profile = () =>
    siteProfileSchema.parse({
      groups: { g: { partitions: ['p'], entry: { job: 'login' } } },
      storage: {
        archive: { mount: join(root, 'archive'), tier: 'cold', writableFrom: 'data' },
        vault: { mount: join(root, 'vault'), tier: 'cold', writableFrom: 'data' },
        union: { mount: join(root, 'union'), tier: 'cold', merges: ['archive', 'vault'] },
        missing: { mount: join(root, 'not-mounted'), tier: 'cold' },
      },
    });

  it('is measured with df on the host, and changes as the pools fill', async () => {
    const transport = createLocalTransport();
    const first = await roomiestColdPool(transport, profile());
    expect(first.pool).toBe('vault');
    expect(Object.keys(first.all).sort()).toEqual(['archive', 'vault']);
    writeFileSync(join(root, 'vault', 'fill'), Buffer.alloc(30 << 20));
    expect((await roomiestColdPool(transport, profile())).pool).toBe('archive');
  });
});
