import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { createSpoolCursorStore } from './spool-cursor-store.js';
import type { SpoolCursor } from './spool-cursor.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('spool cursor store', () => {
  it('keeps the last saved cursor per cluster and file across a reopen of the database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-cursors-'));
    dirs.push(dir);
    const file = join(dir, 'state.db');
    const first = openDatabase({ file });
    const store = createSpoolCursorStore(first);
    const a: SpoolCursor = {
      path: '/w/.slurmdeck/tracker/u1/batches.ndjson',
      offset: 10,
      identity: { dev: '1', ino: '2' },
      tail: 'eA==',
    };
    store.save('dev', 'spool', [a, { path: '/w/b.ndjson', offset: 0 }]);
    store.save('dev', 'spool', [{ ...a, offset: 30 }]);
    store.save('other', 'spool', [{ path: a.path, offset: 99 }]);
    store.save('dev', 'tfevents', [{ path: '/w/events.out.tfevents.1', offset: 5, tags: [] }]);
    first.close();
    const again = createSpoolCursorStore(openDatabase({ file }));
    expect(again.load('dev', 'spool')).toEqual(
      [
        { ...a, offset: 30 },
        { path: '/w/b.ndjson', offset: 0 },
      ].sort((x, y) => x.path.localeCompare(y.path)),
    );
    expect(again.load('other', 'spool')).toEqual([{ path: a.path, offset: 99 }]);
    expect(again.load('dev', 'tfevents')).toHaveLength(1);
    again.forget('dev', '/w/b.ndjson');
    expect(again.load('dev', 'spool')).toHaveLength(1);
  });
});
