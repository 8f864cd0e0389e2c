import { SlurmdeckError } from '../core/errors.js';
import {
  decode,
  displaySpec,
  inlineSecrets,
  parseChannelSpec,
  type ChannelKind,
  type ChannelSpec,
  type MailTransport,
  type WebTransport,
} from './channel-spec.js';
import type { Credentials } from './credentials.js';
import { REFERENCE, derivedSecrets } from './redact.js';

/** A channel ready to send to: every `@name` filled in. Never print it; print `display`. */
export interface ResolvedChannel {
  name: string;
  kind: ChannelKind;
  transport: WebTransport | MailTransport;
  /** The address to send to: an http(s) URL, or `smtp://host:port` (user info in `params`). */
  url: string;
  /** slurmdeck's own parameters, secrets filled in. */
  params: Record<string, string>;
  /** Every secret value this channel uses, so errors can be scrubbed of them. */
  secrets: string[];
  /** The spec with inline secrets masked. */
  display: string;
}

/** Fills a channel's `@name` references from the credentials; fails naming the missing one. */
export function resolveChannel(
  name: string,
  spec: string,
  credentials: Credentials,
): ResolvedChannel {
  const parsed = parseChannelSpec(spec);
  const secrets = inlineSecrets(parsed);
  const lookup = (reference: string): string => {
    const key = reference.slice(1);
    const value = credentials.get(key);
    if (value === undefined || value === '') {
      throw new SlurmdeckError(
        'CHANNEL_INVALID',
        `channel "${name}" refers to credential "${key}", which ${credentials.found ? 'is not' : 'cannot be found'} in ${credentials.file}`,
        {
          hint: credentials.found
            ? `Add \`${key}: ...\` to ${credentials.file}.`
            : `Create ${credentials.file} with \`${key}: ...\`, then \`chmod 600 ${credentials.file}\`.`,
        },
      );
    }
    secrets.push(value);
    return value;
  };
  const fill = (value: string) => (REFERENCE.test(value) ? lookup(value) : value);
  const params = Object.fromEntries(
    Object.entries(parsed.params).map(([key, value]) => [key, fill(value)]),
  );
  const url = addressUrl(name, parsed, lookup);
  const password = params['password'];
  if (password) secrets.push(...derivedSecrets(params['user'] ?? userOf(url), password));
  return {
    name,
    kind: parsed.kind,
    transport: parsed.transport,
    url,
    params,
    secrets,
    display: displaySpec(spec),
  };
}

/** The user in `smtp://USER@host`, or '' when there is none. */
function userOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url.replace(/^[a-z+]+:/i, 'http:')).username);
  } catch {
    return '';
  }
}

function addressUrl(
  name: string,
  parsed: ChannelSpec,
  lookup: (reference: string) => string,
): string {
  const q = parsed.address.indexOf('?');
  const base = q < 0 ? parsed.address : parsed.address.slice(0, q);
  const query = q < 0 ? '' : parsed.address.slice(q + 1);
  const filledQuery = query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const value = decode(pair.slice(eq + 1));
      return REFERENCE.test(value)
        ? `${pair.slice(0, eq)}=${encodeURIComponent(lookup(value))}`
        : pair;
    })
    .join('&');
  if (parsed.kind === 'email') {
    const scheme = parsed.transport === 'tls' ? 'smtps' : 'smtp';
    return `${scheme}://${base}`;
  }
  if (base.startsWith('@')) {
    // The whole address is a credential, as the service handed it out (https://...).
    const whole = lookup(base);
    if (!/^https?:\/\/[^/]/i.test(whole)) {
      throw new SlurmdeckError(
        'CHANNEL_INVALID',
        `channel "${name}": credential "${base.slice(1)}" is not an http(s) address`,
        { hint: 'Store the full address the service gave you, starting with https://.' },
      );
    }
    return filledQuery ? `${whole}${whole.includes('?') ? '&' : '?'}${filledQuery}` : whole;
  }
  // A path segment may stand for several (a Slack hook is T000/B000/XXXX): insert it as is.
  const path = base
    .split('/')
    .map((segment) => (REFERENCE.test(segment) ? lookup(segment) : segment))
    .join('/');
  return `${parsed.transport}://${path}${filledQuery ? `?${filledQuery}` : ''}`;
}
