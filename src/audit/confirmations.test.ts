import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { createAuditLog } from './audit-log.js';
import { createConfirmations } from './confirmations.js';

describe('createConfirmations', () => {
  it('binds a token to the arguments, whatever the key order', () => {
    const store = createConfirmations(openDatabase({ file: ':memory:' }));
    const { token } = store.issue(
      { action: 'cancel_jobs', args: { cluster: 'a', jobIds: ['1'] } },
      { summary: 'summary' },
    );
    expect(() =>
      store.consume(token, { action: 'cancel_jobs', args: { jobIds: ['1'], cluster: 'a' } }),
    ).not.toThrow();
  });

  it('refuses a token for another tool, and an unknown one', () => {
    const store = createConfirmations(openDatabase({ file: ':memory:' }));
    const { token } = store.issue(
      { action: 'session_stop', args: { name: 'x' } },
      { summary: 'summary' },
    );
    expect(() => store.consume(token, { action: 'cancel_jobs', args: { name: 'x' } })).toThrow(
      /issued for session_stop, not cancel_jobs/,
    );
    expect(() => store.consume('confirm-made-up', { action: 'cancel_jobs', args: {} })).toThrow(
      /not one this server issued/,
    );
  });

  it('keeps only a hash of the token', () => {
    const db = openDatabase({ file: ':memory:' });
    const { token } = createConfirmations(db).issue(
      { action: 'cancel_jobs', args: {} },
      { summary: 'summary' },
    );
    const stored = JSON.stringify(db.prepare('SELECT * FROM confirmations').all());
    expect(stored).not.toContain(token);
  });

  it('honours the token after a restart (a new store on the same file)', () => {
    const db = openDatabase({ file: ':memory:' });
    const { token } = createConfirmations(db).issue(
      { action: 'cancel_jobs', args: { jobIds: ['9'] } },
      { summary: 's' },
    );
    expect(() =>
      createConfirmations(db).consume(token, { action: 'cancel_jobs', args: { jobIds: ['9'] } }),
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
    createConfirmations(db);
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

  it('binds a token to who asked: one HTTP caller cannot use the token of another', () => {
    const store = createConfirmations(openDatabase({ file: ':memory:' }));
    const binding = { action: 'job.cancel', principal: 'alice', args: { jobIds: ['3'] } };
    const { token } = store.issue(binding);
    expect(() => store.consume(token, { ...binding, principal: 'bob' })).toThrow(
      /issued to another caller/,
    );
    expect(() => store.consume(token, { ...binding, args: { jobIds: ['4'] } })).toThrow(
      /issued for other arguments/,
    );
    expect(() => store.consume(token, binding)).not.toThrow();
    expect(() => store.consume(token, binding)).toThrow(/already used/);
  });

  it('drops the old per-face token tables of an existing database', () => {
    const db = openDatabase({ file: ':memory:' });
    createConfirmations(db);
    const old = db
      .prepare("SELECT name FROM sqlite_master WHERE name IN ('mcp_confirmations', 'mcp_audit')")
      .all();
    expect(old).toEqual([]);
  });
});
