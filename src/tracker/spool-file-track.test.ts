import { describe, expect, it } from 'vitest';
import { startCursor } from './spool-cursor.js';
import { SpoolFileTrack, type TrackLimits } from './spool-file-track.js';
import type { FileAnswer, ReadRequest } from './spool-remote-read.js';

interface FakeFile {
  bytes: Buffer;
  ino: string;
  /** What stat says, when it lags behind the bytes (NFS attribute cache). */
  statSize?: number;
  /** How many bytes a read can see (NFS pages behind the size). */
  visible?: number;
}

/** Answers a tail request the way the remote script does, from an in-memory file. */
function answer(file: FakeFile | undefined, request: ReadRequest): FileAnswer {
  if (request.op !== 'tail') throw new Error('tail requests only');
  if (!file) return { status: 'missing' };
  const size = file.statSize ?? file.bytes.length;
  const readable = file.bytes.subarray(0, file.visible ?? file.bytes.length);
  const bytes =
    size > request.offset
      ? Buffer.from(readable.subarray(request.from, request.offset + request.max))
      : Buffer.alloc(0);
  return { status: 'ok', identity: { dev: '42', ino: file.ino }, size, bytes };
}

const limits: TrackLimits = { maxBytesPerFile: 1 << 20, maxLineBytes: 1 << 20 };

/** One poll; commits what it read unless told not to, like a caller that applied the lines. */
function poll(track: SpoolFileTrack, file: FakeFile | undefined, commit = true, l = limits) {
  const request = track.request(l);
  const update = track.apply(answer(file, request), l);
  if (commit) track.commit(update.next);
  return { request, update, texts: update.lines.map((line) => line.text) };
}

const file = (text: string, ino = '7'): FakeFile => ({ bytes: Buffer.from(text), ino });

describe('SpoolFileTrack', () => {
  it('keeps a partial last line until its newline comes, without reading its bytes again', () => {
    const track = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    const f = file('{"seq":1}\n{"seq":2');
    const first = poll(track, f);
    expect(first.texts).toEqual(['{"seq":1}']);
    expect(first.update.next.offset).toBe(10);
    f.bytes = Buffer.from('{"seq":1}\n{"seq":2}\n');
    const second = poll(track, f);
    expect(second.texts).toEqual(['{"seq":2}']);
    expect(second.update.lines[0]?.end).toBe(20);
    // It read on after the 8 bytes it held (less the check bytes before them), not from 10.
    expect(second.request).toMatchObject({ offset: 18 });
    expect(track.cursor.offset).toBe(20);
  });

  it('delivers lines again when the caller did not commit them (they were not applied)', () => {
    const track = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    const f = file('{"seq":1}\n');
    expect(poll(track, f, false).texts).toEqual(['{"seq":1}']);
    expect(poll(track, f, false).texts).toEqual(['{"seq":1}']);
    expect(poll(track, f).texts).toEqual(['{"seq":1}']);
    expect(poll(track, f).texts).toEqual([]);
  });

  it('restarts from 0 when the file is truncated: shorter on two polls in a row', () => {
    const track = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    const f = file('{"seq":1}\n{"seq":2}\n');
    poll(track, f);
    f.bytes = Buffer.from('{"seq":9}\n');
    expect(poll(track, f).update.event).toBe('shrink-suspected');
    const truncated = poll(track, f);
    expect(truncated.update.event).toBe('truncated');
    expect(truncated.update.next.offset).toBe(0);
    expect(poll(track, f).texts).toEqual(['{"seq":9}']);
  });

  it('does not take a size that lags behind (NFS attribute cache) for a truncation', () => {
    const track = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    const f = file('{"seq":1}\n{"seq":2}\n');
    poll(track, f);
    f.bytes = Buffer.from('{"seq":1}\n{"seq":2}\n{"seq":3}\n');
    f.statSize = 10; // older than what was already read
    expect(poll(track, f).update.event).toBe('shrink-suspected');
    delete f.statSize;
    const caught = poll(track, f);
    expect(caught.update.event).toBeUndefined();
    expect(caught.texts).toEqual(['{"seq":3}']);
  });

  it('reads nothing on a short read (the size is ahead of the pages) and goes on later', () => {
    const track = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    const f = file('{"seq":1}\n{"seq":2}\n');
    poll(track, f);
    f.bytes = Buffer.from('{"seq":1}\n{"seq":2}\n{"seq":3}\n');
    f.visible = 20;
    const short = poll(track, f);
    expect(short.texts).toEqual([]);
    expect(short.update.event).toBeUndefined();
    delete f.visible;
    expect(poll(track, f).texts).toEqual(['{"seq":3}']);
  });

  it('restarts from 0 when another file (another inode) takes the path', () => {
    const track = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    poll(track, file('{"seq":1}\n{"seq":2}\n', '7'));
    const replaced = file('{"seq":1}\n{"seq":2}\n{"seq":3}\n', '8');
    const update = poll(track, replaced).update;
    expect(update.event).toBe('replaced');
    expect(update.next.offset).toBe(0);
    expect(poll(track, replaced).texts).toEqual(['{"seq":1}', '{"seq":2}', '{"seq":3}']);
  });

  it('notices a file rewritten in place past the cursor (same inode) by the bytes before it', () => {
    const track = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    const f = file('{"seq":1}\n{"seq":2}\n');
    poll(track, f);
    f.bytes = Buffer.from('{"seq":5,"x":1}\n{"seq":6}\n');
    expect(poll(track, f).update.event).toBe('replaced');
    expect(poll(track, f).texts).toEqual(['{"seq":5,"x":1}', '{"seq":6}']);
  });

  it('reads a large backlog in bounded steps and says more is waiting', () => {
    const track = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    const lines = Array.from({ length: 50 }, (_, i) => `{"seq":${i}}`);
    const f = file(lines.map((l) => `${l}\n`).join(''));
    const small = { ...limits, maxBytesPerFile: 64 };
    const seen: string[] = [];
    let polls = 0;
    for (;;) {
      const { update, texts, request } = poll(track, f, true, small);
      if (request.op === 'tail')
        expect(request.offset + request.max - request.from).toBeLessThanOrEqual(64 + 32);
      seen.push(...texts);
      polls++;
      if (!update.more) break;
    }
    expect(seen).toEqual(lines);
    expect(polls).toBeGreaterThan(5);
  });

  it('drops a line longer than the limit and keeps the lines after it', () => {
    const track = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    const tiny = { maxBytesPerFile: 16, maxLineBytes: 20 };
    const f = file(`{"seq":1}\n${'x'.repeat(50)}\n{"seq":2}\n`);
    const seen: string[] = [];
    const events: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { update, texts } = poll(track, f, true, tiny);
      seen.push(...texts);
      if (update.event) events.push(update.event);
    }
    expect(seen).toEqual(['{"seq":1}', '{"seq":2}']);
    expect(events).toContain('line-too-long');
    expect(track.cursor.offset).toBe(f.bytes.length);
  });

  it('keeps the cursor while the file is missing and reads it once it appears', () => {
    const track = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    expect(poll(track, undefined).update.event).toBe('missing');
    expect(poll(track, file('{"seq":1}\n')).texts).toEqual(['{"seq":1}']);
  });

  it('resumes from a stored cursor after a restart without reading applied lines again', () => {
    const first = new SpoolFileTrack(startCursor('/s/b.ndjson'));
    const f = file('{"seq":1}\n{"seq":2}\n');
    const stored = poll(first, f).update.next;
    f.bytes = Buffer.concat([f.bytes, Buffer.from('{"seq":3}\n')]);
    const again = new SpoolFileTrack(JSON.parse(JSON.stringify(stored)));
    expect(poll(again, f).texts).toEqual(['{"seq":3}']);
  });
});
