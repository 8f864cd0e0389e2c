import { describe, expect, it } from 'vitest';
import { eventScalars, type ScalarPoint, type TagKinds } from './event-scalars.js';
import { ProtoReader } from './proto-reader.js';
import { TagNames } from './tag-names.js';

// A few protobuf encoders, enough to build the Event messages the decoder must read.
const varint = (n: number): number[] => {
  const out: number[] = [];
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
};
const key = (field: number, wire: number) => varint(field * 8 + wire);
const bytesField = (field: number, body: number[] | Buffer) => [
  ...key(field, 2),
  ...varint(body.length),
  ...body,
];
const varintField = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const float32 = (v: number) => [...Buffer.from(new Float32Array([v]).buffer)];
const float64 = (v: number) => [...Buffer.from(new Float64Array([v]).buffer)];
const text = (s: string) => [...Buffer.from(s)];

const shape = (...dims: number[]) => dims.flatMap((d) => bytesField(2, varintField(1, d)));
const metadata = (plugin: string, dataClass = 0) => [
  ...bytesField(1, bytesField(1, text(plugin))),
  ...(dataClass ? varintField(4, dataClass) : []),
];
const value = (tag: string, ...fields: number[][]) =>
  bytesField(1, [...bytesField(1, text(tag)), ...fields.flat()]);
const event = (step: number, ...values: number[][]) =>
  Buffer.from([
    (1 << 3) | 1,
    ...float64(1700000000.5),
    ...varintField(2, step),
    ...bytesField(5, values.flat()),
  ]);

function decode(buffer: Buffer, kinds: TagKinds = new Map()): ScalarPoint[] {
  const out: ScalarPoint[] = [];
  eventScalars(new ProtoReader(buffer), 0, buffer.length, kinds, new TagNames(), out);
  return out;
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_BFLOAT16 = 14;
const DT_HALF = 19;

describe('eventScalars', () => {
  it('reads a simple value with the event wall time and step (negative steps too)', () => {
    expect(decode(event(-3, value('loss', [(2 << 3) | 5, ...float32(0.25)])))).toEqual([
      { k: 'loss', s: -3, v: 0.25, t: 1700000000.5 },
    ]);
  });

  it('reads scalar tensors held as tensor_content, double_val, half_val and bfloat16', () => {
    const scalars = metadata('scalars');
    const points = decode(
      event(
        9,
        value(
          'content',
          bytesField(8, [...varintField(1, DT_FLOAT), ...bytesField(4, float32(1.5))]),
          bytesField(9, scalars),
        ),
        value(
          'double',
          bytesField(8, [...varintField(1, DT_DOUBLE), ...bytesField(6, float64(0.1))]),
          bytesField(9, scalars),
        ),
        value(
          'half',
          bytesField(8, [...varintField(1, DT_HALF), ...bytesField(13, varint(0x3c00))]),
          bytesField(9, scalars),
        ),
        value(
          'bf16',
          bytesField(8, [...varintField(1, DT_BFLOAT16), ...bytesField(13, varint(0xc040))]),
          bytesField(9, metadata('', 1)),
        ),
      ),
    );
    expect(points.map((p) => [p.k, p.v])).toEqual([
      ['content', 1.5],
      ['double', 0.1],
      ['half', 1],
      ['bf16', -3],
    ]);
  });

  it('leaves out tensors of other plugins, on later values of the tag too (metadata comes once)', () => {
    const kinds: TagKinds = new Map();
    const hparams = bytesField(8, [...varintField(1, DT_FLOAT), ...bytesField(5, float32(1))]);
    expect(
      decode(event(1, value('hp', hparams, bytesField(9, metadata('hparams')))), kinds),
    ).toEqual([]);
    expect(decode(event(2, value('hp', hparams)), kinds)).toEqual([]);
    expect(kinds.get('hp')).toBe(false);
  });

  it('takes a one-element float tensor of an unknown tag, but not a vector or a string', () => {
    const one = bytesField(8, [
      ...varintField(1, DT_FLOAT),
      ...bytesField(2, shape(1)),
      ...bytesField(5, float32(4)),
    ]);
    const vector = bytesField(8, [
      ...varintField(1, DT_FLOAT),
      ...bytesField(2, shape(2)),
      ...bytesField(5, [...float32(1), ...float32(2)]),
    ]);
    const string = bytesField(8, [...varintField(1, 7), ...bytesField(8, text('hi'))]);
    expect(
      decode(event(1, value('one', one), value('vector', vector), value('string', string))).map(
        (p) => p.k,
      ),
    ).toEqual(['one']);
  });

  it('skips fields it does not know, of every wire type', () => {
    const unknown = [
      ...varintField(15, 7),
      ...key(14, 1),
      ...float64(1),
      ...key(13, 5),
      ...float32(1),
      ...bytesField(12, [1, 2]),
    ];
    const buffer = Buffer.concat([
      event(4, value('x', unknown, [(2 << 3) | 5, ...float32(3)])),
      Buffer.from(bytesField(9, [0])),
    ]);
    expect(decode(buffer)).toEqual([{ k: 'x', s: 4, v: 3, t: 1700000000.5 }]);
  });
});
