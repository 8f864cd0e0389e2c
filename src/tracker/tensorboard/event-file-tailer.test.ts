import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notingLocalTransport } from '../../../test/helpers/noting-transport.js';
import { EventFileTailer } from './event-file-tailer.js';
import { frameRecord } from './tfrecord.js';

// Real files read by the real script under sh on this machine.
let dir: string;
// The new bytes each tail request of the last poll asked for: asked().
const { transport, asked } = notingLocalTransport();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'event-tailer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** One `simple_value` Event as torch's SummaryWriter writes it (wall time, step, summary), framed. */
function scalarRecord(step: number): Buffer {
  const tag = Buffer.from('loss');
  const value = Buffer.alloc(4);
  value.writeFloatLE(1 / (step + 1));
  const summaryValue = Buffer.concat([
    Buffer.from([0x0a, tag.length]),
    tag,
    Buffer.from([0x15]),
    value,
  ]);
  const summary = Buffer.concat([Buffer.from([0x0a, summaryValue.length]), summaryValue]);
  const wall = Buffer.alloc(8);
  wall.writeDoubleLE(1.8e9 + step);
  const varint: number[] = [];
  for (let n = step; ; n = Math.floor(n / 128)) {
    if (n < 128) {
      varint.push(n);
      break;
    }
    varint.push((n & 127) | 128);
  }
  return frameRecord(
    Buffer.concat([
      Buffer.from([0x09]),
      wall,
      Buffer.from([0x10, ...varint]),
      Buffer.from([0x2a, summary.length]),
      summary,
    ]),
  );
}

const STEPS = 500;

describe('EventFileTailer', () => {
  it('reads a found file with a backlog in reads sized to it, bounded per poll, each point once', async () => {
    const events = join(dir, 'tb');
    mkdirSync(events);
    const bytes = Buffer.concat(Array.from({ length: STEPS }, (_, step) => scalarRecord(step)));
    writeFileSync(join(events, 'events.out.tfevents.1.host'), bytes);
    const tailer = new EventFileTailer({ transport, maxBytesPerFile: 1000, maxBytesPerPoll: 8000 });
    tailer.watchDir(dir);
    const steps: number[] = [];
    const reads: number[] = [];
    for (let polls = 0, more = true; more; polls++) {
      expect(polls).toBeLessThan(50);
      const poll = await tailer.poll();
      reads.push(...asked());
      for (const file of poll.files) {
        steps.push(...file.points.map((p) => p.s));
        tailer.commit(file.next);
      }
      more = poll.more;
    }
    expect(steps).toEqual(Array.from({ length: STEPS }, (_, step) => step));
    // The search said how big the file is: its first read is a full share, not the base.
    expect(reads[0]).toBe(8000);
    expect(Math.max(...reads)).toBe(8000);
    expect(reads.length).toBeLessThanOrEqual(Math.ceil(bytes.length / 8000) + 1);
  });
});
