import { Hono } from 'hono';
import { testMessage, withJob } from '../../jobs/index.js';
import {
  credentialsFileFor,
  describeChannels,
  loadCredentials,
  resolveChannel,
} from '../../notify/index.js';
import type { ServerDeps } from '../deps.js';
import type { ServerEnv } from '../env.js';
import { parseInput } from '../input.js';
import { jsonBody } from '../json-body.js';
import { requireRole } from '../middleware.js';
import {
  notificationsQuery,
  notificationsResponse,
  notifyTestBody,
  notifyTestResponse,
} from '../schemas.js';

/** The notification channels (never their secrets), the outbox, and a test send. */
export function notificationRoutes(deps: ServerDeps) {
  const app = new Hono<ServerEnv>();
  const credentials = () =>
    loadCredentials(credentialsFileFor(deps.config().notify.credentialsFile));

  app.get('/', (c) => {
    const query = parseInput(notificationsQuery, c.req.query(), 'query');
    const channels = describeChannels(deps.config().notify, credentials());
    const outbox = deps
      .notifier()
      .list({ limit: query.limit ?? 50, ...(query.state ? { state: query.state } : {}) })
      .map(withJob)
      .map((row) => ({ ...row, lastError: row.lastError && deps.redact(row.lastError) }));
    return c.json(notificationsResponse.parse({ channels, outbox }));
  });

  app.post('/test', requireRole('operate'), async (c) => {
    const { channel } = parseInput(notifyTestBody, await jsonBody(c), 'body');
    const spec = deps.config().notify.channels[channel];
    // A bad spec or a missing credential is an error to fix, not a failed send.
    if (spec !== undefined) resolveChannel(channel, spec, credentials());
    const notifier = deps.notifier();
    const [result] = await deps.audit.run(
      {
        actor: c.get('principal').name,
        action: 'notify.test',
        cluster: '',
        target: { channel },
        confirmedVia: 'not-needed',
      },
      () => {
        const queued = notifier.enqueueTest(channel, testMessage(notifier.language, channel));
        return notifier.deliverDue({ ids: [queued.id], maxBatch: 1 });
      },
    );
    const detail = deps.redact(result?.error ?? result?.detail ?? '');
    deps.log.info(`serve: ${c.get('principal').name} sent a test message to "${channel}"`);
    return c.json(
      notifyTestResponse.parse({
        channel,
        delivered: result?.state === 'sent',
        status: result?.status,
        ...(detail ? { detail } : {}),
      }),
    );
  });

  return app;
}
