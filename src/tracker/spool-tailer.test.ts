import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notingLocalTransport } from '../../test/helpers/noting-transport.js';
import type { SpoolCursor } from './spool-cursor.js';
import { SpoolTailer } from './spool-tailer.js';

// Real files read by the real script under sh on this machine.
let dir: string;
// The new bytes each tail request of the last poll asked for: asked().
const { transport, asked } = notingLocalTransport();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spool-tailer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Lines of 40 to 60 bytes: read boundaries fall inside lines. */
const lines = Array.from({ length: 400 }, (_, i) =>
  JSON.stringify({ seq: i + 1, pad: 'x'.repeat(i % 21) }),
);

/** Polls until no more is waiting, committing what each poll read (as an applying caller does). */
async function drain(tailer: SpoolTailer, stopAfter = Infinity) {
  const seen: string[] = [];
  const reads: number[] = [];
  let cursor: SpoolCursor | undefined;
  for (let polls = 0; polls < stopAfter; polls++) {
    const poll = await tailer.poll();
    reads.push(...asked());
    for (const file of poll.files) {
      seen.push(...file.lines.map((line) => line.text));
      tailer.commit(file.next);
      cursor = file.next;
    }
    if (!poll.more) break;
  }
  return { seen, reads, cursor };
}

describe('SpoolTailer', () => {
  it('reads a backlog in larger reads after the first, bounded per poll, each line once', async () => {
    const file = join(dir, 'batches.ndjson');
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const tailer = new SpoolTailer({ transport, maxBytesPerFile: 1000, maxBytesPerPoll: 5000 });
    tailer.follow(file);
    const { seen, reads } = await drain(tailer);
    expect(seen).toEqual(lines);
    expect(reads[0]).toBe(1000);
    expect(Math.max(...reads)).toBe(5000);
    // ~20 kB in reads of 5 kB, not 20 of 1 kB.
    expect(reads.length).toBeLessThan(8);
  });

  it('goes on from a saved cursor in the middle of a backlog without reading a line twice', async () => {
    const file = join(dir, 'batches.ndjson');
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const options = { transport, maxBytesPerFile: 700, maxBytesPerPoll: 3000 };
    const first = new SpoolTailer(options);
    first.follow(file);
    const before = await drain(first, 3);
    const again = new SpoolTailer(options);
    again.restore([JSON.parse(JSON.stringify(before.cursor)) as SpoolCursor]);
    again.follow(file);
    const after = await drain(again);
    expect([...before.seen, ...after.seen]).toEqual(lines);
  });

  it('shares the bound of a poll among several files with a backlog', async () => {
    const files = ['a', 'b', 'c'].map((name) => join(dir, `${name}.ndjson`));
    for (const file of files) writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const tailer = new SpoolTailer({ transport, maxBytesPerFile: 1000, maxBytesPerPoll: 6000 });
    for (const file of files) tailer.follow(file);
    const seen = new Map<string, string[]>();
    for (let more = true; more;) {
      const poll = await tailer.poll();
      expect(asked().reduce((a, b) => a + b)).toBeLessThanOrEqual(6000);
      for (const file of poll.files) {
        seen.set(file.path, [...(seen.get(file.path) ?? []), ...file.lines.map((l) => l.text)]);
        tailer.commit(file.next);
      }
      more = poll.more;
    }
    for (const file of files) expect(seen.get(file)).toEqual(lines);
  });

  it('says more is waiting when it finds a new run folder, whose files the next poll reads', async () => {
    const run = join(dir, 'spool', 'tracker', 'r1');
    mkdirSync(run, { recursive: true });
    writeFileSync(join(run, 'batches.ndjson'), `${lines[0]}\n`);
    const tailer = new SpoolTailer({ transport });
    tailer.watchRoot(join(dir, 'spool'));
    const first = await tailer.poll();
    expect(first.runs.map((r) => r.uid)).toEqual(['r1']);
    expect(first.more).toBe(true);
    const second = await tailer.poll();
    expect(second.files[0]?.lines.map((l) => l.text)).toEqual([lines[0]]);
    expect(second.more).toBe(false);
  });
});
