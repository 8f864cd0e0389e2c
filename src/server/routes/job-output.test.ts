import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

const scontrol = readFileSync(
  new URL('../../slurm/fixtures/scontrol-22.05-running-gres.txt', import.meta.url),
  'utf8',
);

/** The server over a cluster whose job 6 writes its stdout to a real file here. */
function withLog(content: string | Buffer) {
  const log = join(mkdtempSync(join(tmpdir(), 'slurmdeck-log-')), 'slurm-6.out');
  writeFileSync(log, content);
  const server = serverUnderTest({
    localShell: true,
    outputs: { scontrol: () => scontrol.replaceAll('/tmp/capwork/slurm-6.out', log) },
  });
  const token = server.tokens.create('viewer', 'read');
  const get = async (path: string) => {
    const res = await server.request(path, { token });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { ...server, get, log };
}

describe('GET /api/clusters/{cluster}/jobs/{id}/output', () => {
  it('reads from a byte cursor and hands back where to read on', async () => {
    const { get, log } = withLog('line 1\nline 2\nline 3\n');
    const first = await get('/api/clusters/dev/jobs/6/output?cursor=0&maxBytes=256');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      cluster: 'dev',
      jobId: '6',
      stream: 'stdout',
      path: log,
      size: 21,
      start: 0,
      nextCursor: 21,
      more: false,
      output: 'line 1\nline 2\nline 3\n',
    });
    writeFileSync(log, 'line 1\nline 2\nline 3\nline 4\n');
    const next = await get('/api/clusters/dev/jobs/6/output?cursor=21');
    expect(next.body).toMatchObject({ start: 21, nextCursor: 28, more: false, output: 'line 4\n' });
  });

  it('says more waits when maxBytes cut the page', async () => {
    const { get } = withLog('x'.repeat(300) + '\n');
    const page = await get('/api/clusters/dev/jobs/6/output?cursor=0&maxBytes=256');
    expect(page.body).toMatchObject({ start: 0, nextCursor: 256, more: true, size: 301 });
  });

  it('strips terminal escapes and masks secrets', async () => {
    const { get } = withLog('\x1b[31mred\x1b[0m\nWANDB_API_KEY=abc123def456ghi\n');
    const page = await get('/api/clusters/dev/jobs/6/output?cursor=0');
    expect(page.body['output']).toBe('red\nWANDB_API_KEY=***\n');
  });

  it('refuses bad input with 400 and a missing file with 404', async () => {
    const { get, log } = withLog('');
    expect((await get('/api/clusters/dev/jobs/6/output?maxBytes=99999999')).status).toBe(400);
    expect((await get('/api/clusters/dev/jobs/6/output?stream=stdin')).status).toBe(400);
    expect((await get('/api/clusters/dev/jobs/6/output?cursor=-1')).status).toBe(400);
    expect((await get('/api/clusters/dev/jobs/x;rm/output')).status).toBe(400);
    rmSync(log);
    const gone = await get('/api/clusters/dev/jobs/6/output');
    expect(gone.status).toBe(404);
    expect(gone.body['message']).toMatch(/does not exist/);
  });

  it('needs a token', async () => {
    const { request } = withLog('');
    expect((await request('/api/clusters/dev/jobs/6/output')).status).toBe(401);
  });
});
