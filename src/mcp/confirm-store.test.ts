import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../audit/index.js';
import { openDatabase } from '../store/index.js';
import { createConfirmStore } from './confirm-store.js';

describe('createConfirmStore', () => {
  it('binds a token to the arguments, whatever the key order', () => {
    const store = createConfirmStore(openDatabase({ file: ':memory:' }));
    const { token } = store.issue('cancel_jobs', { cluster: 'a', jobIds: ['1'] }, 'summary');
    expect(() =>
      store.consume(token, 'cancel_jobs', { jobIds: ['1'], cluster: 'a' }),
    ).not.toThrow();
  });

  it('refuses a token for another tool, and an unknown one', () => {
    const store = createConfirmStore(openDatabase({ file: ':memory:' }));
    const { token } = store.issue('session_stop', { name: 'x' }, 'summary');
    expect(() => store.consume(token, 'cancel_jobs', { name: 'x' })).toThrow(
      /issued for session_stop, not cancel_jobs/,
    );
    expect(() => store.consume('confirm-made-up', 'cancel_jobs', {})).toThrow(
      /not one this server issued/,
    );
  });

  it('keeps only a hash of the token', () => {
    const db = openDatabase({ file: ':memory:' });
    const { token } = createConfirmStore(db).issue('cancel_jobs', {}, 'summary');
    const stored = JSON.stringify(db.prepare('SELECT * FROM mcp_confirmations').all());
    expect(stored).not.toContain(token);
  });

  it('honours the token after a restart (a new store on the same file)', () => {
    const db = openDatabase({ file: ':memory:' });
    const { token } = createConfirmStore(db).issue('cancel_jobs', { jobIds: ['9'] }, 's');
    expect(() =>
      createConfirmStore(db).consume(token, 'cancel_jobs', { jobIds: ['9'] }),
    ).not.toThrow();
  });

  it('carries audit rows of an older database over to the shared audit log', () => {
    const db = openDatabase({ file: ':memory:' });
    db.exec(`CREATE TABLE mcp_confirmations (token_hash TEXT PRIMARY KEY, tool TEXT NOT NULL,
               args_hash TEXT NOT NULL, summary TEXT NOT NULL, created_at INTEGER NOT NULL,
               expires_at INTEGER NOT NULL, used_at INTEGER);
             CREATE TABLE mcp_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,
               tool TEXT NOT NULL, cluster TEXT NOT NULL, args TEXT NOT NULL,
               confirmed_via TEXT NOT NULL);
             INSERT INTO schema_versions (component, version) VALUES ('mcp', 1);
             INSERT INTO mcp_audit (at, tool, cluster, args, confirmed_via)
               VALUES (5, 'cancel_jobs', 'dev', '{"cluster":"dev","jobIds":["7"]}', 'token');`);
    createConfirmStore(db);
    expect(createAuditLog(db).entries()).toMatchObject([
      {
        at: 5,
        face: 'mcp',
        action: 'job.cancel',
        cluster: 'dev',
        target: { jobIds: ['7'] },
        confirmedVia: 'token',
        outcome: 'done',
      },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'mcp_audit'").get()).toBe(
      undefined,
    );
  });
});
