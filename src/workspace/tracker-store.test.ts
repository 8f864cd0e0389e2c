import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { openWorkspace } from './workspace.js';

function workspace(config: string, trackerDatabase?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sdeck-tracker-store-'));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, config);
  return openWorkspace({
    face: 'http',
    configFile,
    db: openDatabase({ file: join(dir, 'state.db') }),
    stateDir: dir,
    pollers: false,
    ...(trackerDatabase ? { trackerDatabase } : {}),
  });
}

describe("the tracker's database", () => {
  it('is the state database (SQLite) unless a postgres:// URL is given', async () => {
    const ws = workspace('clusters: {}\n');
    await ws.tracker.startRun({ uid: 'r', project: 'p' });
    const count = ws.db.prepare('SELECT COUNT(*) FROM tracker_runs').pluck().get();
    expect(count).toBe(1);
  });

  it('refuses a URL that is not postgres://, in the config or on the command line', () => {
    expect(() => workspace('tracker: { database: "mysql://x/y" }\n').config()).toThrow(
      /tracker\.database: a postgres:\/\/ URL/,
    );
    expect(() => workspace('clusters: {}\n', 'sqlite:///tmp/x.db').tracker).toThrow(
      /must be a postgres:\/\/ URL/,
    );
  });

  it('masks the database password wherever the workspace redacts', () => {
    const ws = workspace('clusters: {}\n', 'postgres://lab:s3cret-pw@db.example/runs');
    expect(ws.redact('connect failed: password s3cret-pw rejected')).not.toContain('s3cret-pw');
  });
});
