import { SlurmdeckError } from '../core/errors.js';
import { REFERENCE, SECRET_KEYS, TOKEN_SEGMENT, redactUrl } from './redact.js';

/**
 * Channel specs are URL-like strings in `notify.channels`. `KIND://host/path` posts over https;
 * `KIND+http://127.0.0.1:PORT/...` points the same channel at another base (a local test
 * receiver, a self-hosted server). A path segment, query value or password written `@name` is
 * the credential `name` from the credentials file; `KIND://@name` takes the whole address from it.
 *
 *   webhook+https://hooks.example.org/slurm?secret=@wh   Standard Webhooks, secret `whsec_...`
 *   ntfy://ntfy.sh/my-topic?token=@ntfy                 (or ?user=alice&password=@pw)
 *   slack://hooks.slack.com/services/@slack_hook         (or slack://@slack_url)
 *   feishu://open.feishu.cn/open-apis/bot/v2/hook/@fs?secret=@fs_sign   (lark:// the same)
 *   dingtalk://oapi.dingtalk.com/robot/send?access_token=@dt&secret=@dt_sign
 *   wecom://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=@wecom
 *   xxtui://www.xxtui.com/xxtui/@xxtui?from=slurmdeck&channel=WX_MP
 *   smtp://alice@mail.example.edu:587?password=@mail&from=alice@example.edu&to=alice@example.edu
 *     (STARTTLS required; smtps:// for TLS on 465; smtp+plain:// for a relay without TLS)
 */
export const CHANNEL_KINDS = [
  'webhook',
  'ntfy',
  'slack',
  'feishu',
  'dingtalk',
  'wecom',
  'xxtui',
  'email',
] as const;

export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type WebTransport = 'https' | 'http';
export type MailTransport = 'starttls' | 'tls' | 'plain';

/** A spec taken apart; secrets are still `@name` references (or inline values). */
export interface ChannelSpec {
  kind: ChannelKind;
  transport: WebTransport | MailTransport;
  /** `host[:port]/path[?query]` without slurmdeck's own parameters, or `@name[?query]`. */
  address: string;
  /** slurmdeck's own parameters, taken out of the query: secret, token, to, from... */
  params: Record<string, string>;
}

const SCHEMES: Record<string, ChannelKind> = {
  webhook: 'webhook',
  ntfy: 'ntfy',
  slack: 'slack',
  feishu: 'feishu',
  lark: 'feishu',
  dingtalk: 'dingtalk',
  wecom: 'wecom',
  xxtui: 'xxtui',
  smtp: 'email',
  smtps: 'email',
};

/** Query parameters that configure slurmdeck rather than belong to the service's address. */
export const OWN_PARAMS: Record<ChannelKind, readonly string[]> = {
  webhook: ['secret'],
  ntfy: ['token', 'user', 'password'],
  slack: [],
  feishu: ['secret'],
  dingtalk: ['secret'],
  wecom: [],
  xxtui: ['from', 'channel'],
  email: ['to', 'from', 'user', 'password'],
};

/** Own parameters whose values are secrets. */
export const SECRET_PARAMS: ReadonlySet<string> = new Set(['secret', 'token', 'password']);

export function parseChannelSpec(spec: string): ChannelSpec {
  const match = /^([a-z]+)(?:\+([a-z]+))?:\/\/(.+)$/i.exec(spec.trim());
  if (!match) throw invalid(spec, 'expected KIND://ADDRESS, e.g. ntfy://ntfy.sh/my-topic');
  const scheme = (match[1] as string).toLowerCase();
  const kind = SCHEMES[scheme];
  if (!kind) {
    throw invalid(spec, `unknown kind "${scheme}" (one of: ${Object.keys(SCHEMES).join(', ')})`);
  }
  const transport = transportOf(spec, kind, scheme, match[2]?.toLowerCase());
  const rest = match[3] as string;
  const q = rest.indexOf('?');
  const base = q < 0 ? rest : rest.slice(0, q);
  const params: Record<string, string> = {};
  const kept: string[] = [];
  for (const pair of q < 0 ? [] : rest.slice(q + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (OWN_PARAMS[kind].includes(key)) params[key] = decode(eq < 0 ? '' : pair.slice(eq + 1));
    else kept.push(pair);
  }
  checkAddress(spec, kind, base, params);
  return { kind, transport, address: kept.length ? `${base}?${kept.join('&')}` : base, params };
}

function transportOf(
  spec: string,
  kind: ChannelKind,
  scheme: string,
  variant: string | undefined,
): WebTransport | MailTransport {
  if (kind === 'email') {
    if (scheme === 'smtps' && variant === undefined) return 'tls';
    if (scheme === 'smtp' && variant === undefined) return 'starttls';
    if (scheme === 'smtp' && variant === 'plain') return 'plain';
    throw invalid(spec, 'mail channels are smtp:// (STARTTLS), smtps:// or smtp+plain://');
  }
  if (variant === undefined || variant === 'https') return 'https';
  if (variant === 'http') return 'http';
  throw invalid(spec, `"${scheme}+${variant}" is not known; use ${scheme}+http:// or ${scheme}://`);
}

function checkAddress(
  spec: string,
  kind: ChannelKind,
  base: string,
  params: Record<string, string>,
): void {
  if (base.startsWith('@')) {
    if (!REFERENCE.test(base)) throw invalid(spec, 'a credential name is letters, digits, . _ -');
    if (kind === 'email') throw invalid(spec, 'write the mail server as smtp://host:port');
    return;
  }
  let url: URL;
  try {
    url = new URL(`http://${base}`);
  } catch {
    throw invalid(spec, 'the address is not a valid host/path');
  }
  if (!url.hostname) throw invalid(spec, 'the address has no host');
  if (kind !== 'email' && (url.username || url.password)) {
    throw invalid(spec, 'put credentials in the query (?token=@name), not before the host');
  }
  const path = url.pathname.split('/').filter(Boolean);
  if (kind === 'ntfy' && path.length === 0)
    throw invalid(spec, 'ntfy needs a topic: ntfy://host/TOPIC');
  if (kind === 'email' && !params['to']) throw invalid(spec, 'mail needs ?to=address[,address]');
}

/** The spec with any inline secret masked: safe to print. */
export function displaySpec(spec: string): string {
  const parsed = tryParse(spec);
  if (!parsed) return redactUrl(spec);
  let shown = redactUrl(spec);
  for (const [key, value] of Object.entries(parsed.params)) {
    if (SECRET_PARAMS.has(key) && value && !REFERENCE.test(value)) {
      shown = shown.split(value).join('***').split(encodeURIComponent(value)).join('***');
    }
  }
  return shown;
}

/** Values written inline in the spec that are secrets, so the redactor knows them. */
export function inlineSecrets(parsed: ChannelSpec): string[] {
  const found: string[] = [];
  for (const [key, value] of Object.entries(parsed.params)) {
    if (SECRET_PARAMS.has(key) && value && !REFERENCE.test(value)) found.push(value);
  }
  const q = parsed.address.indexOf('?');
  const base = q < 0 ? parsed.address : parsed.address.slice(0, q);
  for (const segment of base.split('/')) if (TOKEN_SEGMENT.test(segment)) found.push(segment);
  for (const pair of q < 0 ? [] : parsed.address.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const value = decode(pair.slice(eq + 1));
    if (SECRET_KEYS.test(pair.slice(0, eq)) && value && !REFERENCE.test(value)) found.push(value);
  }
  return found;
}

function tryParse(spec: string): ChannelSpec | undefined {
  try {
    return parseChannelSpec(spec);
  } catch {
    return undefined;
  }
}

export function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function invalid(spec: string, why: string): SlurmdeckError {
  return new SlurmdeckError('CHANNEL_INVALID', `${redactUrl(spec)}: ${why}`, {
    hint: 'See the README section "Notifications" for the channel forms.',
  });
}
