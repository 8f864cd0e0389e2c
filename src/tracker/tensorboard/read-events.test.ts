import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TagKinds } from './event-scalars.js';
import { readEventChunk } from './read-events.js';
import { frameRecord } from './tfrecord.js';

// Written by fixtures/write-fixtures.py with torch 2.13, tensorboardX and tensorboard 2.21.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));
const torch = fixture('torch-summary-writer.tfevents');
const tbx = fixture('tensorboardx.tfevents');
const tensors = fixture('tensorboard-scalar-tensors.tfevents');

const values = (buffer: Buffer) =>
  readEventChunk(buffer, 0, new Map()).points.map((p) => [p.k, p.s, p.v]);

describe('readEventChunk on files from the real writers', () => {
  it("reads torch SummaryWriter's simple values and its new-style scalar tensor, not histograms or text", () => {
    expect(values(torch)).toEqual([
      ['loss', 0, 1],
      ['loss', 1, 0.5],
      ['loss', 2, Math.fround(1 / 3)],
      ['new/acc', 7, 0.5],
    ]);
    const result = readEventChunk(torch, 0, new Map());
    expect(result).toMatchObject({ stop: 'end', offset: torch.length, skipped: 0 });
    expect(result.points[0]?.t).toBeGreaterThan(1.7e9);
  });

  it("reads tensorboardX's scalars", () => {
    expect(values(tbx)).toEqual([
      ['loss', 0, 2],
      ['loss', 1, 3],
      ['loss', 2, 4],
    ]);
  });

  it('reads float32, float64 and float16 scalar tensors, and a later value of a tag without metadata', () => {
    const result = readEventChunk(tensors, 0, new Map());
    expect(result.points).toEqual([
      { k: 'f32', s: 5, v: 1.5, t: 1700000000.25 },
      { k: 'f64', s: 5, v: 1.5, t: 1700000000.25 },
      { k: 'f16', s: 5, v: 1.5, t: 1700000000.25 },
      { k: 'f32', s: 6, v: -2.25, t: 1700000001.5 },
    ]);
  });

  it('stops at a partial record at every cut and, resumed from its offset, reads the same points', () => {
    const whole = values(torch);
    for (let cut = 0; cut <= torch.length; cut++) {
      const kinds: TagKinds = new Map();
      const first = readEventChunk(torch.subarray(0, cut), 0, kinds);
      expect(first.stop).toBe(cut === first.offset ? 'end' : 'partial');
      const rest = readEventChunk(torch.subarray(first.offset), first.offset, kinds);
      expect(rest.offset).toBe(torch.length);
      expect([...first.points, ...rest.points].map((p) => [p.k, p.s, p.v])).toEqual(whole);
    }
  });

  it('says how many bytes a partial record needs in all', () => {
    const result = readEventChunk(torch.subarray(0, 20), 0, new Map());
    expect(result.stop).toBe('partial');
    expect(result.needBytes).toBeGreaterThan(20);
  });

  it('stops at a record whose length CRC fails, and stays there', () => {
    const damaged = Buffer.from(torch);
    const second = readEventChunk(torch.subarray(0, 60), 0, new Map()).offset; // past record 1
    damaged[second] = (damaged[second] as number) ^ 0xff;
    const result = readEventChunk(damaged, 0, new Map());
    expect(result).toMatchObject({ stop: 'corrupt', offset: second, points: [] });
  });

  it('skips a complete record whose data CRC fails when a valid record follows; waits when it is the last', () => {
    const a = frameRecord(Buffer.from([0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f])); // wall_time 1.0
    const records = [torch.subarray(0, 0), a, torch];
    const good = Buffer.concat(records);
    const bad = Buffer.from(good);
    bad[a.length - 5] = (bad[a.length - 5] as number) ^ 1; // inside a's data
    const result = readEventChunk(bad, 0, new Map());
    expect(result.skipped).toBe(1);
    expect(result.points.map((p) => [p.k, p.s, p.v])).toEqual(values(torch));
    const last = readEventChunk(bad.subarray(0, a.length), 0, new Map());
    expect(last).toMatchObject({ stop: 'corrupt', offset: 0, skipped: 0 });
  });
});
