import { createHmac } from 'node:crypto';
import { SlurmdeckError } from '../../core/errors.js';
import { plainBody } from '../message.js';
import { JSON_HEADERS, type HttpChannel } from './types.js';

/**
 * The HMAC key of a Standard Webhooks secret: `whsec_` then base64 (the prefix may be left out).
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export function webhookKey(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new SlurmdeckError('CHANNEL_INVALID', 'the webhook secret is not whsec_<base64>', {
      hint: 'Use the secret the receiver gave you, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw.',
    });
  }
  return Buffer.from(encoded, 'base64');
}

/** `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), as the spec defines it. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const mac = createHmac('sha256', webhookKey(secret));
  mac.update(`${id}.${timestampSeconds}.${body}`);
  return `v1,${mac.digest('base64')}`;
}

/**
 * Generic webhook: a JSON event `{ type, timestamp, data }` whose body is the same on every
 * attempt; `webhook-id` (the idempotency key) lets the receiver drop duplicates, and the
 * signature is made anew per attempt since receivers reject old timestamps.
 */
export const webhookChannel: HttpChannel = {
  build(channel, outgoing, now) {
    const body = JSON.stringify({
      type: outgoing.event,
      timestamp: new Date(outgoing.createdAt).toISOString(),
      data: {
        idempotencyKey: outgoing.key,
        language: outgoing.language,
        title: outgoing.message.title,
        text: plainBody(outgoing.message),
        report: outgoing.report,
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
