import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../test/helpers/http-receiver.js';
import { failedMessage } from '../../test/helpers/job-report.js';
import { setupNotifier } from '../../test/helpers/notify-setup.js';
import { runDeliveryLoop, startDeliveryLoop } from './deliver-loop.js';
import type { DeliveryResult } from './deliver.js';

let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
});

describe('runDeliveryLoop', () => {
  it('sends, waits for the retry to come due, sends again, and stops when aborted', async () => {
    receiver = await startReceiver((_, i) =>
      i === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    // Real time here: the loop sleeps until the row is due.
    const setup = setupNotifier({ n: `ntfy+http://${receiver.host}/t` }, {}, { now: Date.now });
    setup.notifier.enqueue(failedMessage);
    const seen: DeliveryResult[] = [];
    const controller = new AbortController();
    const started = Date.now();
    await runDeliveryLoop(setup.notifier, {
      signal: controller.signal,
      idleMs: 5_000,
      onResults: (results) => {
        seen.push(...results);
        if (results.some((r) => r.state === 'sent')) controller.abort();
      },
    });
    expect(seen.map((r) => r.state)).toEqual(['pending', 'sent']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('sends what was enqueued before a kick even when stopped right after it', async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
    const setup = setupNotifier({ n: `ntfy+http://${receiver.host}/t` }, {}, { now: Date.now });
    const loop = startDeliveryLoop(setup.notifier, { idleMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // asleep: nothing was due
    setup.notifier.enqueue(failedMessage);
    loop.kick();
    expect(await loop.stop()).toBe('stopped');
    expect(receiver.requests).toHaveLength(1);
  });

  it('stops once told nothing more is wanted, or when nothing comes due before the deadline', async () => {
    receiver = await startReceiver(() => ({ status: 503, headers: { 'retry-after': '60' } }));
    const setup = setupNotifier({ n: `ntfy+http://${receiver.host}/t` }, {}, { now: Date.now });
    setup.notifier.enqueue(failedMessage);
    expect(await runDeliveryLoop(setup.notifier, { deadline: Date.now() + 5_000 })).toBe(
      'deadline',
    );
    expect(await runDeliveryLoop(setup.notifier, { until: () => true })).toBe('until');
  });
});
