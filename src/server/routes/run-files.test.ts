import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverUnderTest } from '../../../test/helpers/server-fakes.js';

const json = { 'content-type': 'application/json' };

function setup(options: { localShell?: boolean } = {}) {
  const server = serverUnderTest(options);
  const writer = server.tokens.create('trainer', 'operate');
  const post = (path: string, body: unknown) =>
    server.request(path, {
      method: 'POST',
      token: writer,
      headers: json,
      body: JSON.stringify(body),
    });
  return { ...server, writer, post };
}

describe('GET /api/tracker/runs/{uid}/files', () => {
  it('lists what the run declared and, with check=1, what the login node sees now', async () => {
    // The login node's shell runs here: the files are real ones in a temp folder.
    const { post, ...server } = setup({ localShell: true });
    const reader = server.tokens.create('viewer', 'read');
    const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-run-files-'));
    const kept = join(dir, 'epoch2.pt');
    const deleted = join(dir, 'epoch1.pt');
    writeFileSync(kept, 'x'.repeat(2048));
    writeFileSync(deleted, 'x');
    expect(
      (await post('/api/tracker/runs', { run: 'r1', project: 'p', cluster: 'dev' })).status,
    ).toBe(201);
    const t = Date.now() / 1000;
    const sent = await post('/api/tracker/batches', {
      run: 'r1',
      seq: 1,
      points: [],
      files: [
        { path: deleted, kind: 'checkpoint', size: 1, t },
        { path: kept, kind: 'checkpoint', size: 10, t },
      ],
    });
    expect(sent.status, await sent.text()).toBe(200);
    rmSync(deleted);

    const listed = await server.request('/api/tracker/runs/r1/files', { token: reader });
    const before = (await listed.json()) as { files: Array<Record<string, unknown>> };
    expect(before.files.map((f) => [f['path'], f['size'], f['missing']])).toEqual([
      [deleted, 1, false],
      [kept, 10, false],
    ]);
    const looked = await server.request('/api/tracker/runs/r1/files?check=1', { token: reader });
    const after = (await looked.json()) as { files: Array<Record<string, unknown>> };
    expect(after.files.map((f) => [f['path'], f['size'], f['missing']])).toEqual([
      [deleted, 1, true],
      [kept, 2048, false],
    ]);
    expect(after.files[1]?.['checkedAt']).toBeGreaterThan(0);
    const bad = await server.request('/api/tracker/runs/r1/files?check=yes', { token: reader });
    expect(bad.status).toBe(400);
  });

  it('says why it could not look, and still lists the files', async () => {
    const { post, request, writer } = setup();
    await post('/api/tracker/runs', { run: 'r2', project: 'p' });
    await post('/api/tracker/batches', {
      run: 'r2',
      seq: 1,
      points: [],
      files: [{ path: '/scratch/a.pt', kind: 'artifact', t: 1 }],
    });
    const res = await request('/api/tracker/runs/r2/files?check=1', { token: writer });
    const body = (await res.json()) as { files: unknown[]; checkError?: string };
    expect(body.files).toHaveLength(1);
    expect(body.checkError).toMatch(/names no cluster/);
  });
});
