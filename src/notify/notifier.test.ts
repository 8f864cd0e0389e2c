import { afterEach, describe, expect, it } from 'vitest';
import {
  channelTestMessage,
  failedMessage,
  failedReport,
  jobMessage,
} from '../../test/helpers/job-report.js';
import { startReceiver, type Receiver } from '../../test/helpers/http-receiver.js';
import { setupNotifier } from '../../test/helpers/notify-setup.js';
import { isSlurmdeckError } from '../core/errors.js';
import { signStandardWebhook } from './channels/webhook.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function webhookSetup(
  reply: Parameters<typeof startReceiver>[0],
  options: Parameters<typeof setupNotifier>[2] = {},
) {
  receiver = await startReceiver(reply);
  const setup = setupNotifier(
    { hook: `webhook+http://${receiver.host}/in?secret=@wh` },
    { wh: SECRET },
    options,
  );
  return { ...setup, receiver };
}

describe('enqueue', () => {
  it('stores the notification, pending, before anything is sent', async () => {
    const { notifier, receiver } = await webhookSetup(() => ({ status: 200 }));
    const [queued] = notifier.enqueue(failedMessage, ['hook']);
    expect(queued).toMatchObject({ channel: 'hook', created: true });
    expect(notifier.list()).toMatchObject([{ id: queued?.id, state: 'pending', attempts: 0 }]);
    expect(receiver.requests).toHaveLength(0);
  });

  it('gives one row per channel for one job end, however often and from whichever process', async () => {
    const setup = await webhookSetup(() => ({ status: 200 }));
    const first = setup.notifier.enqueue(failedMessage, ['hook']);
    const again = setup
      .another()
      .enqueue(jobMessage({ ...failedReport, logTail: ['changed'] }), ['hook']);
    expect(again).toEqual([{ ...first[0], created: false }]);
    expect(setup.notifier.list()).toHaveLength(1);
  });

  it('treats a new run of a requeued job as a new notification', async () => {
    const { notifier } = await webhookSetup(() => ({ status: 200 }));
    notifier.enqueue(failedMessage, ['hook']);
    notifier.enqueue(jobMessage({ ...failedReport, startedAt: '2026-01-01T02:00:00Z' }), ['hook']);
    expect(notifier.list()).toHaveLength(2);
  });

  it('uses the default channels when none are named', async () => {
    const { notifier } = await webhookSetup(() => ({ status: 200 }));
    expect(notifier.enqueue(failedMessage).map((q) => q.channel)).toEqual(['hook']);
  });

  it('refuses an unknown channel and stores nothing', async () => {
    const { notifier } = await webhookSetup(() => ({ status: 200 }));
    expect(() => notifier.enqueue(failedMessage, ['hook', 'nope'])).toThrow(
      /no notification channel named "nope"/,
    );
    expect(notifier.list()).toHaveLength(0);
  });
});

describe('deliverDue', () => {
  it('retries 500s and delivers on the third attempt, with the same key every time', async () => {
    const setup = await webhookSetup((_, i) =>
      i < 2 ? { status: 500, body: 'busy' } : { status: 200 },
    );
    const { notifier, receiver } = setup;
    notifier.enqueue(failedMessage, ['hook']);

    const first = await notifier.deliverDue();
    expect(first).toMatchObject([
      { state: 'pending', attempt: 1, status: 500, error: 'HTTP 500: busy' },
    ]);
    expect(await notifier.deliverDue()).toEqual([]); // not due yet
    // Full jitter at 0.5 of a 10 s ceiling.
    expect(first[0]?.nextAttemptAt).toBe(setup.now() + 5_000);

    setup.advance(5_000);
    expect(await notifier.deliverDue()).toMatchObject([{ state: 'pending', attempt: 2 }]);
    setup.advance(10_000);
    expect(await notifier.deliverDue()).toMatchObject([{ state: 'sent', attempt: 3, status: 200 }]);

    expect(receiver.requests).toHaveLength(3);
    const ids = receiver.requests.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual(ids);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    for (const request of receiver.requests) {
      const timestamp = Number(request.headers['webhook-timestamp']);
      expect(request.headers['webhook-signature']).toBe(
        signStandardWebhook(SECRET, String(ids[0]), timestamp, request.body),
      );
    }
    expect(notifier.list()).toMatchObject([{ state: 'sent', attempts: 3, lastStatus: 200 }]);
    expect(await notifier.deliverDue()).toEqual([]);
  });

  it('waits exactly as long as Retry-After says (seconds)', async () => {
    const setup = await webhookSetup((_, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '120' } } : { status: 200 },
    );
    setup.notifier.enqueue(failedMessage, ['hook']);
    const [result] = await setup.notifier.deliverDue();
    expect(result?.nextAttemptAt).toBe(setup.now() + 120_000);
    expect(setup.notifier.nextDueAt()).toBe(setup.now() + 120_000);
    setup.advance(119_999);
    expect(await setup.notifier.deliverDue()).toEqual([]);
    setup.advance(1);
    expect(await setup.notifier.deliverDue()).toMatchObject([{ state: 'sent', attempt: 2 }]);
  });

  it('waits until the HTTP date Retry-After gives', async () => {
    let at = '';
    const setup = await webhookSetup(() => ({ status: 503, headers: { 'retry-after': at } }));
    at = new Date(setup.now() + 42_000).toUTCString();
    setup.notifier.enqueue(failedMessage, ['hook']);
    const [result] = await setup.notifier.deliverDue();
    expect(result?.nextAttemptAt).toBe(setup.now() + 42_000);
  });

  it('does not retry a 400: the row is failed with the status and what the server said', async () => {
    const setup = await webhookSetup(() => ({ status: 400, body: 'invalid_payload' }));
    setup.notifier.enqueue(failedMessage, ['hook']);
    expect(await setup.notifier.deliverDue()).toMatchObject([
      { state: 'failed', status: 400, error: 'HTTP 400: invalid_payload' },
    ]);
    setup.advance(24 * 3600_000);
    expect(await setup.notifier.deliverDue()).toEqual([]);
    expect(setup.notifier.list({ state: 'failed' })).toMatchObject([
      { attempts: 1, lastStatus: 400, lastError: 'HTTP 400: invalid_payload' },
    ]);
    expect(setup.receiver.requests).toHaveLength(1);
  });

  it('gives up after maxAttempts network failures, keeping the last error', async () => {
    const closed = await startReceiver();
    await closed.close(); // nothing listens on this port any more
    const setup = setupNotifier(
      { down: `ntfy+http://${closed.host}/jobs` },
      {},
      { maxAttempts: 3 },
    );
    setup.notifier.enqueue(failedMessage, ['down']);
    const states: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [result] = await setup.notifier.deliverDue();
      states.push(result?.state ?? 'none');
      setup.advance(3600_000);
    }
    expect(states).toEqual(['pending', 'pending', 'failed']);
    const [row] = setup.notifier.list({ state: 'failed' });
    expect(row?.lastError).toMatch(/^gave up after 3 attempts: fetch failed: connect ECONNREFUSED/);
  });

  it('retries a send that times out', async () => {
    const setup = await webhookSetup(() => 'hang', { timeoutMs: 200 });
    setup.notifier.enqueue(failedMessage, ['hook']);
    expect(await setup.notifier.deliverDue()).toMatchObject([
      { state: 'pending', error: expect.stringMatching(/timed out/) },
    ]);
  });

  it('does not let a second deliverer take a row that is being sent', async () => {
    const setup = await webhookSetup(() => 'hang');
    setup.notifier.enqueue(failedMessage, ['hook']);
    const sending = setup.notifier.deliverDue();
    await setup.receiver.waitFor(1);
    expect(await setup.another().deliverDue()).toEqual([]);
    await setup.receiver.close();
    expect(await sending).toMatchObject([{ state: 'pending', attempt: 1 }]);
  });

  it('fails a row whose channel was removed from the config', async () => {
    const setup = await webhookSetup(() => ({ status: 200 }));
    setup.notifier.enqueue(failedMessage, ['hook']);
    const other = setup.another({ config: { notify: { ...setup.settings, channels: {} } } });
    expect(await other.deliverDue()).toMatchObject([
      { state: 'failed', error: 'channel "hook" is no longer in the config' },
    ]);
  });

  it('sends a test message once, through the same outbox', async () => {
    const setup = await webhookSetup(() => ({ status: 500 }));
    const queued = setup.notifier.enqueueTest('hook', channelTestMessage('hook'));
    expect(await setup.notifier.deliverDue({ ids: [queued.id] })).toMatchObject([
      { state: 'failed', status: 500, event: 'notify.test' },
    ]);
    const body = JSON.parse(setup.receiver.requests[0]?.body ?? '{}');
    expect(body.type).toBe('notify.test');
    expect(body.data.title).toMatch(/^❌ \[test\] /);
  });

  it('refuses a test for an unknown channel', async () => {
    const { notifier } = await webhookSetup(() => ({ status: 200 }));
    try {
      notifier.enqueueTest('nope', channelTestMessage('nope'));
      expect.unreachable();
    } catch (error) {
      expect(isSlurmdeckError(error, 'CHANNEL_UNKNOWN')).toBe(true);
      expect((error as { hint?: string }).hint).toBe('Configured channels: hook.');
    }
  });
});

describe('secrets', () => {
  const key = 'wecom-SECRET-key-0123456789';

  it('never appear in errors, listings or stored rows, even when the server echoes them', async () => {
    receiver = await startReceiver((request) => ({
      status: 400,
      body: `bad request to http://127.0.0.1${request.url} (key ${key})`,
    }));
    const setup = setupNotifier(
      { wc: `wecom+http://${receiver.host}/cgi-bin/webhook/send?key=@wk` },
      { wk: key },
    );
    setup.notifier.enqueue(failedMessage, ['wc']);
    const [result] = await setup.notifier.deliverDue();
    expect(receiver.requests[0]?.url).toContain(key); // it was really used
    expect(result?.error).toMatch(/^HTTP 400: bad request to/);
    expect(JSON.stringify(result)).not.toContain(key);
    expect(JSON.stringify(setup.notifier.list())).not.toContain(key);
    const rows = setup.db.prepare('SELECT * FROM notify_outbox').all();
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(JSON.stringify(rows)).not.toContain(`http://${receiver.host}`); // only channel names
  });

  it('never appear in a network error about an address that holds them', async () => {
    const closed = await startReceiver();
    await closed.close();
    const setup = setupNotifier({ s: `slack+http://${closed.host}/services/@hook` }, { hook: key });
    setup.notifier.enqueue(failedMessage, ['s']);
    const [result] = await setup.notifier.deliverDue();
    expect(result?.state).toBe('pending');
    expect(JSON.stringify(result)).not.toContain(key);
  });

  it('never appear in any derived form when a 401 echoes the Authorization header', async () => {
    const password = 'pa55word-0123';
    const basic = Buffer.from(`alice:${password}`).toString('base64');
    receiver = await startReceiver((request) => {
      const header = String(request.headers['authorization']);
      const topic = (JSON.parse(request.body) as { topic: string }).topic;
      // "cut": the encoded pair straddles the 300-character snippet; "case": echoed upper-cased.
      const body =
        topic === 'cut'
          ? `${'.'.repeat(290)} ${basic} ${header}`
          : `unauthorized: authorization: ${header.toUpperCase()}; password ${password.toUpperCase()}`;
      return { status: 401, body };
    });
    const setup = setupNotifier(
      {
        cut: `ntfy+http://${receiver.host}/cut?user=alice&password=@pw`,
        case: `ntfy+http://${receiver.host}/case?user=alice&password=@pw`,
      },
      { pw: password },
    );
    setup.notifier.enqueue(failedMessage, ['cut', 'case']);
    const results = await setup.notifier.deliverDue();
    expect(receiver.requests[0]?.headers['authorization']).toBe(`Basic ${basic}`);
    expect(results).toMatchObject([
      { state: 'failed', status: 401 },
      { state: 'failed', status: 401 },
    ]);
    const rows = setup.db.prepare('SELECT * FROM notify_outbox').all();
    const shown = [results, setup.notifier.list(), rows].map((v) =>
      JSON.stringify(v).toLowerCase(),
    );
    for (const text of shown) {
      for (const leak of [password, basic, basic.slice(0, 8)]) {
        expect(text).not.toContain(leak.toLowerCase());
      }
    }
  });
});
