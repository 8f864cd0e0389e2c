import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { createLocalTransport } from '../transport/index.js';
import { parseAnswer, readRemote, requestLines, type ReadRequest } from './spool-remote-read.js';

const dir = '/w/.slurmdeck/tracker/run1';
const requests: ReadRequest[] = [
  { op: 'tail', path: `${dir}/batches.ndjson`, from: 0, offset: 0, max: 100 },
  { op: 'tail', path: `${dir}/batches.ndjson`, from: 2, offset: 8, max: 4 },
  { op: 'tail', path: '/w/nonexist', from: 0, offset: 0, max: 10 },
  { op: 'whole', path: `${dir}/run.json`, known: { dev: '1', ino: '2' }, max: 100 },
  { op: 'runs', root: '/w/.slurmdeck' },
  { op: 'tail', path: `${dir}/batches.ndjson`, from: 0, offset: 20, max: 10 },
  { op: 'whole', path: `${dir}/run.json`, known: { dev: '65024', ino: '2385441' }, max: 100 },
  { op: 'events', root: '/w', depth: 4, limit: 10 },
];

// The answer's shape as the script writes it (file bytes raw, their count ending the header).
const captured = Buffer.from(
  `@T 0 ok 65024 2385253 20 20
{"a":1}
{"b":2}
{"c"
@T 1 ok 65024 2385253 20 10
a":1}
{"b"
@T 2 missing
@W 3 ok 65024 2385441 8 8
{"x":1}

@D 4 run1
@D 4 run2
@T 5 ok 65024 2385253 20 0
@W 6 same 65024 2385441 8
@F 7 664 1796158297.3840216500 torch/events.out.tfevents.1796158297.vm.18824.0
@F 7 81 1796158297.4330893960 tbx/grp/a b/events.out.tfevents.1796158297.vm
@end
`,
);

describe('requestLines', () => {
  it('writes one six-field line per request', () => {
    expect(requestLines(requests).split('\n').slice(0, 5)).toEqual([
      `T 0 0 0 100 ${dir}/batches.ndjson`,
      `T 1 2 8 4 ${dir}/batches.ndjson`,
      'T 2 0 0 10 /w/nonexist',
      `W 3 1 2 100 ${dir}/run.json`,
      'D 4 - - - /w/.slurmdeck',
    ]);
  });

  it('refuses a path a line cannot carry, and a negative offset', () => {
    for (const path of ['/w/a\nT 9 0 0 9 /etc/shadow', ' /w/lead', '/w/trail ', '']) {
      expect(() => requestLines([{ op: 'runs', root: path }])).toThrow(/cannot read/);
    }
    expect(() => requestLines([{ op: 'tail', path: '/w/a', from: -1, offset: 0, max: 1 }])).toThrow(
      /not a byte count/,
    );
  });
});

describe('parseAnswer', () => {
  it('gives each request its answer: bytes, identity, size, run folders, event files', () => {
    const answers = parseAnswer(captured, requests);
    const identity = { dev: '65024', ino: '2385253' };
    expect(answers[0]).toEqual({
      op: 'tail',
      file: { status: 'ok', identity, size: 20, bytes: Buffer.from('{"a":1}\n{"b":2}\n{"c"') },
    });
    expect(answers[1]).toMatchObject({ file: { bytes: Buffer.from('a":1}\n{"b"') } });
    expect(answers[2]).toEqual({ op: 'tail', file: { status: 'missing' } });
    expect(answers[3]).toMatchObject({
      op: 'whole',
      file: { status: 'ok', bytes: Buffer.from('{"x":1}\n') },
    });
    expect(answers[4]).toEqual({ op: 'runs', names: ['run1', 'run2'] });
    expect(answers[5]).toMatchObject({ file: { status: 'ok', size: 20, bytes: Buffer.alloc(0) } });
    expect(answers[6]).toMatchObject({ file: { status: 'same', bytes: Buffer.alloc(0) } });
    expect(answers[7]).toEqual({
      op: 'events',
      files: [
        {
          path: 'torch/events.out.tfevents.1796158297.vm.18824.0',
          size: 664,
          mtime: Number('1796158297.3840216500'),
        },
        {
          path: 'tbx/grp/a b/events.out.tfevents.1796158297.vm',
          size: 81,
          mtime: Number('1796158297.4330893960'),
        },
      ],
    });
  });

  it("takes a file's bytes by their count: lines starting with @ and any bytes are the file's", () => {
    const bytes = Buffer.from([0x40, 0x65, 0x6e, 0x64, 0x0a, 0x00, 0xff, 0x0a, 0x40]);
    const answer = Buffer.concat([
      Buffer.from('@T 0 ok 1 2 9 9\n'),
      bytes,
      Buffer.from('\n@end\n'),
    ]);
    expect(parseAnswer(answer, requests.slice(0, 1))[0]).toMatchObject({ file: { bytes } });
  });

  it('keeps only the bytes the file still had when it came up short (truncated meanwhile)', () => {
    const answer = Buffer.from('@T 0 ok 1 2 20 6\n{"a"\0\0\n@short 0 4\n@end\n', 'latin1');
    expect(parseAnswer(answer, requests.slice(0, 1))[0]).toMatchObject({
      file: { size: 20, bytes: Buffer.from('{"a"') },
    });
  });

  it('throws when the answer was cut off before its end line (nothing is applied from it)', () => {
    for (const end of [captured.indexOf('@D'), captured.indexOf('{"b":2}')]) {
      let error: unknown;
      try {
        parseAnswer(captured.subarray(0, end), requests);
      } catch (e) {
        error = e;
      }
      expect(isSlurmdeckError(error, 'SLURM_UNAVAILABLE')).toBe(true);
    }
  });
});

describe("readRemote, the script run by this machine's sh", () => {
  const work = mkdtempSync(join(tmpdir(), 'slurmdeck-read-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reads tails and whole files byte for byte, whatever the bytes', async () => {
    const data = Buffer.concat([
      Buffer.from('{"a":1}\n@end\n@T 9 ok 1 1 1 1\n'),
      Buffer.from([0, 0xff, 0xc3, 0x28, 0x0a]),
    ]);
    const path = join(work, 'batches.ndjson');
    writeFileSync(path, data);
    const { dev, ino } = statSync(path);
    const identity = { dev: String(dev), ino: String(ino) };
    const answers = await readRemote(createLocalTransport(), [
      { op: 'tail', path, from: 0, offset: 0, max: 1000 },
      { op: 'tail', path, from: 3, offset: 8, max: 5 },
      { op: 'tail', path, from: data.length, offset: data.length, max: 10 },
      { op: 'whole', path, max: 8 },
      { op: 'whole', path, known: identity, max: 100 },
      { op: 'tail', path: join(work, 'none'), from: 0, offset: 0, max: 10 },
    ]);
    const file = (bytes: Buffer, status = 'ok') => ({
      status,
      identity,
      size: data.length,
      bytes,
    });
    expect(answers.map((a) => ('file' in a ? a.file : a))).toEqual([
      file(data),
      file(data.subarray(3, 13)),
      file(Buffer.alloc(0)),
      file(data.subarray(0, 8)),
      file(Buffer.alloc(0), 'same'),
      { status: 'missing' },
    ]);
  });
});
