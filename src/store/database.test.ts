import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from './database.js';

const file = () => join(mkdtempSync(join(tmpdir(), 'sdk-db-')), 'state.db');

describe('openDatabase', () => {
  it('uses WAL on a local disk', () => {
    const db = openDatabase({ file: file() });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
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
