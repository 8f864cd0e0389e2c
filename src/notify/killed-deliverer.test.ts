import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { failedMessage } from '../../test/helpers/job-report.js';
import { startReceiver, type Receiver } from '../../test/helpers/http-receiver.js';
import { openDatabase } from '../store/index.js';
import { signStandardWebhook } from './channels/webhook.js';
import { createNotifier, credentialsFrom } from './index.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const CHILD = fileURLToPath(new URL('../../test/helpers/deliver-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
});

describe('a deliverer killed in the middle of a send', () => {
  it('leaves the row to be sent again, with the same key, once its lease runs out', async () => {
    // The first request is held open; the second is answered.
    receiver = await startReceiver((_, i) => (i === 0 ? 'hang' : { status: 200 }));
    const file = join(mkdtempSync(join(tmpdir(), 'slurmdeck-kill-')), 'state.db');
    const config = {
      notify: {
        channels: { hook: `webhook+http://${receiver.host}/in?secret=@wh` },
        defaultChannels: ['hook'],
        language: 'en' as const,
      },
    };
    const credentials = { wh: SECRET };
    const leaseMs = 3_000;
    const db = openDatabase({ file });
    const notifier = createNotifier({
      db,
      config,
      credentials: credentialsFrom(credentials),
      leaseMs,
      timeoutMs: leaseMs / 2,
    });
    // Enqueued twice (say, by two watchers): still one row.
    notifier.enqueue(failedMessage);
    notifier.enqueue(failedMessage);
    expect(notifier.list()).toHaveLength(1);

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: {
        ...process.env,
        CHILD_DB: file,
        CHILD_CONFIG: JSON.stringify(config),
        CHILD_CREDENTIALS: JSON.stringify(credentials),
        CHILD_LEASE_MS: String(leaseMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await Promise.race([
      receiver.waitFor(1),
      once(child, 'exit').then(() => {
        throw new Error(`the child exited early: ${stderr}`);
      }),
    ]);
    child.kill('SIGKILL');
    const [, signal] = await once(child, 'exit');
    expect(signal).toBe('SIGKILL');

    // While the dead deliverer's lease lasts, nobody else takes the row.
    expect(notifier.list()).toMatchObject([{ state: 'pending', attempts: 1 }]);
    expect(await notifier.deliverDue()).toEqual([]);
    const due = notifier.nextDueAt() ?? 0;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()) + 20));

    expect(await notifier.deliverDue()).toMatchObject([{ state: 'sent', attempt: 2, status: 200 }]);
    const [first, second] = receiver.requests;
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(second?.body).toBe(first?.body);
    expect(second?.headers['webhook-signature']).toBe(
      signStandardWebhook(
        SECRET,
        String(second?.headers['webhook-id']),
        Number(second?.headers['webhook-timestamp']),
        String(second?.body),
      ),
    );
    db.close();
  }, 30_000);
});
