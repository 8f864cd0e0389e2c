import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { parseAnswer, requestLines, type ReadRequest } from './spool-remote-read.js';

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

// Captured from the script under dash on Debian 12 (a folder named "bad name" was left out).
const captured = `@T 0 ok 65024 2385253 20
eyJhIjoxfQp7ImIiOjJ9CnsiYyI=
@T 1 ok 65024 2385253 20
YSI6MX0KeyJiIg==
@T 2 missing
@W 3 ok 65024 2385441 8
eyJ4IjoxfQo=
@D 4 run1
@D 4 run2
@T 5 ok 65024 2385253 20
@W 6 same 65024 2385441 8
@F 7 664 1796158297.3840216500 torch/events.out.tfevents.1796158297.vm.18824.0
@F 7 81 1796158297.4330893960 tbx/grp/a b/events.out.tfevents.1796158297.vm
@end
`;

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

  it('reads base64 wrapped over several lines too', () => {
    const wrapped = '@T 0 ok 1 2 20\neyJhIjoxfQp7Im\nIiOjJ9CnsiYyI=\n@end\n';
    expect(parseAnswer(wrapped, requests.slice(0, 1))[0]).toMatchObject({
      file: { bytes: Buffer.from('{"a":1}\n{"b":2}\n{"c"') },
    });
  });

  it('throws when the answer was cut off before its end line (nothing is applied from it)', () => {
    const cut = captured.slice(0, captured.indexOf('@D'));
    let error: unknown;
    try {
      parseAnswer(cut, requests);
    } catch (e) {
      error = e;
    }
    expect(isSlurmdeckError(error, 'SLURM_UNAVAILABLE')).toBe(true);
  });
});
