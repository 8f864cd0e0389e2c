import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, type AtomicWriteFs } from './atomic-write.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-atomic-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Real fs calls, logged by name and target, with an optional failure injected at one of them. */
function tracedFs(failAt?: keyof AtomicWriteFs): { ops: AtomicWriteFs; calls: string[] } {
  const calls: string[] = [];
  const fds = new Map<number, string>();
  const ops: AtomicWriteFs = {
    openSync: ((path: string, flags: string, mode?: number) => {
      const fd = fs.openSync(path, flags, mode);
      fds.set(fd, path);
      calls.push(`open ${path.split('/').pop()}`);
      return fd;
    }) as typeof fs.openSync,
    writeSync: ((fd: number, text: string) => {
      calls.push(`write ${fds.get(fd)?.split('/').pop()}`);
      if (failAt === 'writeSync') {
        fs.writeSync(fd, text.slice(0, 5)); // a crash leaves a partial temp file
        throw new Error('disk full');
      }
      return fs.writeSync(fd, text);
    }) as typeof fs.writeSync,
    fsyncSync: (fd) => {
      calls.push(`fsync ${fds.get(fd)?.split('/').pop()}`);
      fs.fsyncSync(fd);
    },
    closeSync: (fd) => fs.closeSync(fd),
    renameSync: (from, to) => {
      calls.push(`rename ${String(from).split('/').pop()} -> ${String(to).split('/').pop()}`);
      if (failAt === 'renameSync') throw new Error('crash before rename');
      fs.renameSync(from, to);
    },
    rmSync: (path, options) => fs.rmSync(path, options),
  };
  return { ops, calls };
}

describe('writeFileAtomic', () => {
  it('writes a temp file in the same folder, syncs it, renames it over, then syncs the folder', () => {
    const dir = tempDir();
    const { ops, calls } = tracedFs();
    writeFileAtomic(join(dir, 'rec.json'), '{"a":1}', ops);
    expect(readFileSync(join(dir, 'rec.json'), 'utf8')).toBe('{"a":1}');
    expect(readdirSync(dir)).toEqual(['rec.json']);
    const temp = calls[0]?.replace('open ', '') ?? '';
    expect(temp).toMatch(/^\.rec\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
    expect(calls).toEqual([
      `open ${temp}`,
      `write ${temp}`,
      `fsync ${temp}`,
      `rename ${temp} -> rec.json`,
      `open ${dir.split('/').pop()}`,
      `fsync ${dir.split('/').pop()}`,
    ]);
  });

  it.each(['writeSync', 'renameSync'] as const)(
    'leaves the old record whole when %s fails midway, and no temp file',
    (failAt) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'rec.json'), '{"old":true}');
      const { ops } = tracedFs(failAt);
      expect(() => writeFileAtomic(join(dir, 'rec.json'), '{"new":true}', ops)).toThrow();
      expect(readFileSync(join(dir, 'rec.json'), 'utf8')).toBe('{"old":true}');
      expect(readdirSync(dir)).toEqual(['rec.json']);
    },
  );

  it('creates no record at all when the first write crashes before the rename', () => {
    const dir = tempDir();
    const { ops } = tracedFs('renameSync');
    expect(() => writeFileAtomic(join(dir, 'rec.json'), '{"new":true}', ops)).toThrow(
      'crash before rename',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replaces an existing record', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'rec.json'), 'old');
    writeFileAtomic(join(dir, 'rec.json'), 'new');
    expect(readFileSync(join(dir, 'rec.json'), 'utf8')).toBe('new');
  });
});
