import { signStandardWebhook } from '../../core/standard-webhooks.js';
import { markedTitle, plainBody } from '../message.js';
import { JSON_HEADERS, type HttpChannel } from './types.js';

export { signStandardWebhook, webhookKey } from '../../core/standard-webhooks.js';

/**
 * Generic webhook: a JSON event `{ type, timestamp, data }` whose body is the same on every
 * attempt; `webhook-id` (the idempotency key) lets the receiver drop duplicates, and the
 * signature is made anew per attempt since receivers reject old timestamps.
 */
export const webhookChannel: HttpChannel = {
  build(channel, outgoing, now) {
    const { message } = outgoing;
    const body = JSON.stringify({
      type: message.event,
      timestamp: new Date(outgoing.createdAt).toISOString(),
      data: {
        idempotencyKey: outgoing.key,
        language: message.language,
        title: markedTitle(message),
        text: plainBody(message),
        // The sender's structured data: for a job end, its report.
        report: message.payload,
      },
    });
    const timestamp = Math.floor(now / 1000);
    const secret = channel.params['secret'];
    return {
      url: channel.url,
      headers: {
        ...JSON_HEADERS,
        'webhook-id': outgoing.key,
        'webhook-timestamp': String(timestamp),
        ...(secret
          ? { 'webhook-signature': signStandardWebhook(secret, outgoing.key, timestamp, body) }
          : {}),
        'idempotency-key': outgoing.key,
      },
      body,
    };
  },
};
