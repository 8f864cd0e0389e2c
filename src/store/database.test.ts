import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from './database.js';

const file = () => join(mkdtempSync(join(tmpdir(), 'slurmdeck-db-')), 'state.db');

describe('openDatabase', () => {
  it('uses WAL on a local disk', () => {
    const db = openDatabase({ file: file() });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });
});

describe('openDatabase file modes', () => {
  // The usual umask: without care SQLite would create the files 0644.
  let previous = 0;
  beforeAll(() => void (previous = process.umask(0o022)));
  afterAll(() => void process.umask(previous));
  const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

  it('creates the database and its -wal and -shm files 0600', () => {
    const path = file();
    const db = openDatabase({ file: path });
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    expect([mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual(['600', '600', '600']);
    db.close();
  });

  it('narrows a database an older version left readable to others', () => {
    const path = file();
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    openDatabase({ file: path }).close();
    expect(mode(path)).toBe('600');
  });

  it('warns once when the state folder is open to other users, and not when it is private', () => {
    const open = mkdtempSync(join(tmpdir(), 'slurmdeck-db-'));
    chmodSync(open, 0o755);
    const warnings: string[] = [];
    const log = { warn: (line: string) => void warnings.push(line) };
    openDatabase({ file: join(open, 'state.db'), log }).close();
    openDatabase({ file: join(open, 'state.db'), log }).close();
    openDatabase({ file: file(), log }).close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(open);
    expect(warnings[0]).toContain('chmod 700');
  });
});

describe('migrate', () => {
  it('applies each step once, in order, and remembers where it stopped', () => {
    const path = file();
    const db = openDatabase({ file: path });
    migrate(db, 'things', ['CREATE TABLE things (id INTEGER PRIMARY KEY)']);
    db.prepare('INSERT INTO things (id) VALUES (1)').run();
    db.close();
    const again = openDatabase({ file: path });
    migrate(again, 'things', [
      'CREATE TABLE things (id INTEGER PRIMARY KEY)',
      'ALTER TABLE things ADD COLUMN name TEXT',
    ]);
    expect(again.prepare('SELECT id, name FROM things').all()).toEqual([{ id: 1, name: null }]);
  });

  it('leaves nothing half-done when a step fails', () => {
    const db = openDatabase({ file: file() });
    expect(() => migrate(db, 'bad', ['CREATE TABLE a (x)', 'NOT SQL'])).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").get()).toBeUndefined();
  });
});
