import { describe, expect, it } from 'vitest';
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
});
