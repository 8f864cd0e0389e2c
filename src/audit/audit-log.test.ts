import { describe, expect, it } from 'vitest';
import { SlurmdeckError } from '../core/errors.js';
import { openDatabase } from '../store/index.js';
import { createAuditLog } from './audit-log.js';

const entry = {
  face: 'cli',
  action: 'job.cancel',
  cluster: 'dev',
  target: { jobIds: ['12', '13'] },
  confirmedVia: 'yes-flag',
} as const;

describe('createAuditLog', () => {
  it('writes down a confirmed action once it is done, newest first', async () => {
    const log = createAuditLog(openDatabase({ file: ':memory:' }), { now: () => 42 });
    expect(await log.run(entry, async () => 'ok')).toBe('ok');
    log.record({ ...entry, action: 'session.stop', target: { name: 'train' } }, 'done');
    expect(log.entries()).toMatchObject([
      { action: 'session.stop', target: { name: 'train' } },
      {
        at: 42,
        face: 'cli',
        action: 'job.cancel',
        cluster: 'dev',
        target: { jobIds: ['12', '13'] },
        confirmedVia: 'yes-flag',
        outcome: 'done',
      },
    ]);
  });

  it('writes down an action that was tried and failed, with its code', async () => {
    const log = createAuditLog(openDatabase({ file: ':memory:' }));
    const failing = log.run(entry, async () => {
      throw new SlurmdeckError('SLURM_UNAVAILABLE', 'down');
    });
    await expect(failing).rejects.toThrow('down');
    expect(log.entries()[0]?.outcome).toBe('failed: SLURM_UNAVAILABLE');
  });

  it('keeps no secrets: masked keys, and strings through the redactor', () => {
    const db = openDatabase({ file: ':memory:' });
    const log = createAuditLog(db, { redact: (text) => text.replaceAll('hunter2secret', '***') });
    log.record(
      {
        ...entry,
        target: {
          wrap: 'PASS=hunter2secret ./run',
          confirmToken: 'confirm-abc',
          args: ['hunter2secret'],
        },
      },
      'done',
    );
    const stored = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    expect(stored).not.toContain('hunter2secret');
    expect(stored).not.toContain('confirm-abc');
    expect(log.entries()[0]?.target).toEqual({
      wrap: 'PASS=*** ./run',
      confirmToken: '***',
      args: ['***'],
    });
  });
});
