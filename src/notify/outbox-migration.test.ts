import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failedReport } from '../../test/helpers/job-report.js';
import { startReceiver, type Receiver } from '../../test/helpers/http-receiver.js';
import { migrate, openDatabase } from '../store/index.js';
import { credentialsFrom } from './credentials.js';
import { createNotifier } from './notifier.js';
import { OUTBOX_STEPS } from './outbox-store.js';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
});

describe('the outbox written by an older slurmdeck', () => {
  it('still sends and lists its job rows, as generic messages with the report as payload', async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
    const channels = { hook: `webhook+http://${receiver.host}/in` };
    // The database as the release before generic messages left it: one pending job end.
    const file = join(mkdtempSync(join(tmpdir(), 'slurmdeck-outbox-')), 'state.db');
    const old = openDatabase({ file });
    migrate(old, 'notify', OUTBOX_STEPS.slice(0, 1));
    old
      .prepare(
        `INSERT INTO notify_outbox (idempotency_key, channel, event, cluster, job_id, report, state,
           max_attempts, next_attempt_at, created_at, updated_at)
         VALUES ('msg_old', 'hook', 'job.ended', 'hpc', '4242', ?, 'pending', 8, 0, 0, 0)`,
      )
      .run(JSON.stringify(failedReport));
    old.close();

    const notifier = createNotifier({
      db: openDatabase({ file }),
      config: { notify: { channels, defaultChannels: [], language: 'en' } },
      credentials: credentialsFrom({}),
    });
    expect(notifier.list()).toMatchObject([
      { key: 'msg_old', event: 'job.ended', subject: 'job/hpc/4242', state: 'pending' },
    ]);
    expect(await notifier.deliverDue()).toMatchObject([{ state: 'sent', key: 'msg_old' }]);
    const body = JSON.parse(receiver.requests[0]?.body ?? '{}');
    expect(body).toMatchObject({ type: 'job.ended', data: { idempotencyKey: 'msg_old' } });
    expect(body.data.report).toEqual(failedReport);
    expect(body.data.title).toBe('❌ [hpc] job 4242 train ran out of memory');
    expect(body.data.text).toContain('Hint: Ask for more memory.');
    expect(body.data.text).toContain('Last log lines:\nstep 100 loss 0.3\nKilled');
  });
});
