import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failedReport } from '../../test/helpers/job-report.js';
import { migrate, openDatabase } from '../store/index.js';
import { createWatchStore, WATCH_MIGRATIONS } from './watch-store.js';

describe('job events written by an older slurmdeck', () => {
  it('move to the shared event log with their ids, payloads and acknowledgements', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'slurmdeck-watch-')), 'state.db');
    // The database as the release before the shared event log left it.
    const old = openDatabase({ file });
    migrate(old, 'watch', WATCH_MIGRATIONS.slice(0, 4));
    const insert = old.prepare(
      `INSERT INTO job_events (id, cluster, job_id, kind, run, payload, created_at)
       VALUES (?, 'hpc', '4242', ?, 1, ?, 1000)`,
    );
    insert.run(7, 'started', JSON.stringify({ node: 'gpu01', startTime: '2026-01-01T00:00:00' }));
    insert.run(9, 'finished', JSON.stringify(failedReport));
    old.prepare("INSERT INTO event_cursors (consumer, acked_id) VALUES ('mcp:agent', 7)").run();
    old.close();

    const store = createWatchStore(openDatabase({ file }));
    expect(store.events()).toEqual([
      {
        id: 7,
        cluster: 'hpc',
        jobId: '4242',
        run: 1,
        kind: 'started',
        node: 'gpu01',
        startTime: '2026-01-01T00:00:00',
        createdAt: 1000,
      },
      {
        id: 9,
        cluster: 'hpc',
        jobId: '4242',
        run: 1,
        kind: 'finished',
        report: failedReport,
        createdAt: 1000,
      },
    ]);
    expect(store.events({ consumer: 'mcp:agent' }).map((e) => e.id)).toEqual([9]);
    // The same start again is still recognised as already recorded; new events come after.
    expect(store.event('hpc', '4242', 'started', 1, { node: 'gpu01' })).toBe(false);
    expect(store.event('hpc', '4242', 'requeued', 1, { reason: 'NodeFail' })).toBe(true);
    expect(store.events({ afterId: 9 })).toMatchObject([{ kind: 'requeued', reason: 'NodeFail' }]);
  });
});
