import { createRedactor } from './redact.js';

const MASK = '***';
// Credentials with a recognisable shape: private keys, cloud and forge tokens, model hub keys.
const SHAPED = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bsk-[A-Za-z0-9_-]{20,}\b/g,
  /\bhf_[A-Za-z0-9]{30,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  // slurmdeck's own API and job tokens
  /\b(?:slurmdeck|slurmdeckjob|sdk)_[A-Za-z0-9_-]{40,}/g,
];
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
// `WANDB_API_KEY=...`, `password: ...`: the value goes when it looks like a secret (letters and
// digits, 8+ characters), so `max_tokens=512` in a training log stays readable.
const ASSIGNED =
  /\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key)[A-Za-z0-9_.-]*)(\s*[=:]\s*)("[^"\n]*"|'[^'\n]*'|[^\s'",;]+)/gi;

const looksSecret = (value: string) => {
  const bare = value.replace(/^["']|["']$/g, '');
  return bare.length >= 8 && /[A-Za-z]/.test(bare) && /[0-9]/.test(bare);
};

/**
 * The redactor for everything the MCP server returns: known secrets (notification credentials,
 * the server's own bearer token) and anything that has the shape of a credential.
 */
export function createOutputRedactor(secrets: Iterable<string>): (text: string) => string {
  const known = createRedactor(secrets);
  return (text: string) => {
    let out = known(text);
    for (const pattern of SHAPED) out = out.replace(pattern, MASK);
    out = out.replace(BEARER, (_m, scheme: string) => `${scheme} ${MASK}`);
    return out.replace(ASSIGNED, (match, key: string, sep: string, value: string) =>
      looksSecret(value) ? `${key}${sep}${MASK}` : match,
    );
  };
}
