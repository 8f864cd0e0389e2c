import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalTransport } from '../transport/index.js';
import { readLogRange } from './log-range.js';

const file = (content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'slurmdeck-log-')), 'job.out');
  writeFileSync(path, content);
  return path;
};
const local = createLocalTransport();

describe('readLogRange', () => {
  it('reads the end of a file from the start of a line', async () => {
    const path = file('line one\nline two\nline three\n');
    const range = await readLogRange(local, path, undefined, 14);
    expect(range).toMatchObject({ text: 'line three\n', size: 29, next: 29, more: false });
    expect(range.start).toBe(18);
  });

  it('pages from a cursor and says there is more', async () => {
    const path = file('abcdefghij');
    const first = await readLogRange(local, path, 0, 4);
    expect(first).toMatchObject({ text: 'abcd', next: 4, more: true });
    const second = await readLogRange(local, path, first.next, 100);
    expect(second).toMatchObject({ text: 'efghij', next: 10, more: false });
  });

  it('never cuts a UTF-8 character: the cursor stops before it', async () => {
    const path = file('损失 0.25');
    const first = await readLogRange(local, path, 0, 4);
    expect(first).toMatchObject({ text: '损', next: 3 });
    const rest = await readLogRange(local, path, first.next, 100);
    expect(rest.text).toBe('失 0.25');
  });

  it('says when the file does not exist yet', async () => {
    await expect(readLogRange(local, '/nonexistent/x.out', undefined, 100)).rejects.toThrow(
      /does not exist \(yet\)/,
    );
  });
});
