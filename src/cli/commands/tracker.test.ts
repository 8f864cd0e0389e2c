import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORIGIN, serverUnderTest } from '../../../test/helpers/server-fakes.js';
import { logPoints } from '../../tracker/index.js';
import { parseAssignments, pythonClientDir } from './tracker.js';

const base = (spoolRoot: string) => ({
  uid: 'job-dev-42',
  project: 'shell',
  token: undefined,
  spoolRoot,
  init: { job_id: '42' },
});

describe('slurmdeck log', () => {
  it('reads KEY=VALUE pairs, nan and inf included, and refuses anything else', () => {
    expect(parseAssignments(['loss=0.25', 'x=-inf', 'y=NaN'])).toEqual({
      loss: 0.25,
      x: -Infinity,
      y: NaN,
    });
    expect(() => parseAssignments(['loss'])).toThrow(/KEY=NUMBER/);
    expect(() => parseAssignments(['loss=abc'])).toThrow(/KEY=NUMBER/);
    expect(() => parseAssignments(['=1'])).toThrow(/KEY=NUMBER/);
  });

  it('spools each call as the next batch when no server is set', async () => {
    const root = mkdtempSync(join(tmpdir(), 'slurmdeck-log-'));
    const a = await logPoints({ ...base(root), url: undefined, values: { loss: 1 }, step: 0 });
    const b = await logPoints({
      ...base(root),
      url: undefined,
      values: { loss: 2, up: Infinity },
      step: 1,
    });
    expect([a.via, a.seq, b.seq]).toEqual(['spool', 1, 2]);
    const lines = readFileSync(join(a.folder, 'batches.ndjson'), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2]);
    expect(lines[1]).toContain('"k":"up","s":1,"v":"Infinity"');
    expect(JSON.parse(readFileSync(join(a.folder, 'run.json'), 'utf8'))).toMatchObject({
      run: 'job-dev-42',
      project: 'shell',
      job_id: '42',
      seq_start: 1,
    });
  });

  it('creates the run on the server once and sends each call as the next seq', async () => {
    const server = serverUnderTest();
    const token = server.tokens.create('script', 'operate');
    const root = mkdtempSync(join(tmpdir(), 'slurmdeck-log-'));
    // Requests as a client on this machine sends them (Host set), without a socket.
    const viaApp = ((url: string, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('host', new URL(url).host);
      const { pathname, search } = new URL(url);
      return server.app.request(pathname + search, { ...init, headers });
    }) as typeof fetch;
    for (let step = 0; step < 3; step++) {
      const out = await logPoints({
        ...base(root),
        token,
        url: ORIGIN,
        fetch: viaApp,
        values: { loss: step },
        step,
      });
      expect([out.via, out.seq]).toEqual(['http', step + 1]);
    }
    const series = await server.deps.tracker.store.readSeries('job-dev-42', 'loss');
    expect([...series.values]).toEqual([0, 1, 2]);
    expect((await server.deps.tracker.store.getRun('job-dev-42'))?.attempts).toBe(1);
    expect(existsSync(join(root, 'tracker', 'job-dev-42', 'batches.ndjson'))).toBe(false);
  });

  it('finds the Python client where `tracker pythonpath` says', () => {
    expect(existsSync(join(pythonClientDir(), 'slurmdeck_tracker', '__init__.py'))).toBe(true);
  });
});
