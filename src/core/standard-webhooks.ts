import { createHmac } from 'node:crypto';
import { SlurmdeckError } from './errors.js';

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
