/** What a secret is replaced with in anything a person or a log may see. */
export const MASK = '***';
const MIN_SECRET_LENGTH = 4;

// Query keys whose values are credentials in the services we talk to (and in general).
export const SECRET_KEYS =
  /^(?:key|token|access_token|secret|sign|signature|password|pass|apikey|api_key|auth|authorization)$/i;
// A path segment that looks like a token: Slack's hook key, a Feishu/WeCom UUID, an xxtui key.
export const TOKEN_SEGMENT =
  /^[A-Za-z0-9_-]{16,}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** `@name` refers to a credential by name: safe to show. */
export const REFERENCE = /^@[A-Za-z0-9_.-]+$/;

/**
 * A URL with its credentials masked: the password in user info, values of secret-looking query
 * keys, and token-like path segments. `@name` references stay, since they only name a secret.
 */
export function redactUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!match) return url;
  const [, scheme = '', authority = '', path = '', query = ''] = match;
  const at = authority.lastIndexOf('@');
  let host = authority;
  if (at >= 0) {
    const userInfo = authority.slice(0, at);
    const colon = userInfo.indexOf(':');
    const user = colon >= 0 ? userInfo.slice(0, colon) : userInfo;
    const password = colon >= 0 ? userInfo.slice(colon + 1) : undefined;
    const shown = password === undefined || REFERENCE.test(password) ? password : MASK;
    host = `${user}${shown === undefined ? '' : `:${shown}`}@${authority.slice(at + 1)}`;
  }
  const maskedPath = path
    .split('/')
    .map((segment) => (TOKEN_SEGMENT.test(segment) ? MASK : segment))
    .join('/');
  const maskedQuery = query
    ? `?${query
        .slice(1)
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          if (eq < 0) return pair;
          const key = pair.slice(0, eq);
          const value = decodeSafe(pair.slice(eq + 1));
          if (REFERENCE.test(value)) return pair;
          return SECRET_KEYS.test(key) || TOKEN_SEGMENT.test(value) ? `${key}=${MASK}` : pair;
        })
        .join('&')}`
    : '';
  return `${scheme}${host}${maskedPath}${maskedQuery}`;
}

// An `Authorization:` header (or a JSON/form field of that name) as a server may echo it back.
const AUTH_FIELD =
  /\b((?:proxy-)?authorization)("?\s*[:=]\s*"?)((?:basic|bearer|digest|token)\s+)?[^\r\n"]+/gi;
// A credential after an auth scheme, wherever it appears; a plain word after "basic" stays.
const AUTH_VALUE = /\b(basic|bearer)(\s+)([A-Za-z0-9._~+/-]{6,}=*)/gi;
const TOKEN_LIKE = /[0-9+/=_.~-]/;

/**
 * A function that removes every known secret (any case, and its URL-encoded form) from a text,
 * then what is a credential by its place (an `Authorization` header, a `Basic`/`Bearer` value),
 * then what looks like a credential inside any URL left in it. Use it on every error message,
 * log line and stored error that could carry a channel's address or a server's answer; redact
 * before cutting a text short, so no half of a secret is left.
 */
export function createRedactor(secrets: Iterable<string>): (text: string) => string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    // Shorter ones are not secrets worth the name, and masking them would garble every word.
    if (secret.length < MIN_SECRET_LENGTH) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    // A secret URL (a whole webhook address kept in the credentials file) leaks through its parts.
    for (const part of secret.split(/[/?&=#:@]/)) if (TOKEN_SEGMENT.test(part)) needles.add(part);
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const known = ordered.length ? new RegExp(ordered.join('|'), 'gi') : undefined;
  return (text: string) => {
    const out = known ? text.replace(known, MASK) : text;
    return out
      .replace(
        AUTH_FIELD,
        (_, name: string, sep: string, scheme = '') => `${name}${sep}${scheme}${MASK}`,
      )
      .replace(AUTH_VALUE, (whole, scheme: string, space: string, value: string) =>
        TOKEN_LIKE.test(value) ? `${scheme}${space}${MASK}` : whole,
      )
      .replace(URL_IN_TEXT, (url) => redactUrl(url));
  };
}

/**
 * What a pair of user and password turns into on the wire: HTTP Basic's `base64(user:pass)` and
 * SMTP AUTH PLAIN's `base64(\0user\0pass)`, so a server echoing them back leaks neither.
 */
export function derivedSecrets(user: string, password: string): string[] {
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  return [base64(`${user}:${password}`), base64(`\0${user}\0${password}`)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
