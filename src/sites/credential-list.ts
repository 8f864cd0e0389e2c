import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSlurmdeckError } from '../core/errors.js';
import { readCertificate } from './certificate.js';
import { credentialsRoot, requirePrivate } from './credential-files.js';

export type CredentialKind = 'certificate' | 'ssh-key' | 'api-token' | 'unknown';
export type CredentialStatus = 'ok' | 'renew' | 'expired' | 'insecure';

/** One credential as listed: what it is, for whom, until when. Never its value. */
export interface CredentialEntry {
  site: string;
  file: string;
  kind: CredentialKind;
  owner?: string;
  validFrom?: string;
  expires?: string;
  status: CredentialStatus;
  /** Why the status, with the fix. */
  note?: string;
}

/** Two thirds of a credential's life is when to renew it, well before it lapses. */
export function statusAt(now: Date, from?: Date, to?: Date): CredentialStatus {
  if (!to) return 'ok';
  if (now >= to) return 'expired';
  const start = from ?? now;
  return now.getTime() >= start.getTime() + ((to.getTime() - start.getTime()) * 2) / 3
    ? 'renew'
    : 'ok';
}

export async function listCredentials(
  root = credentialsRoot(),
  now = new Date(),
): Promise<CredentialEntry[]> {
  if (!existsSync(root)) return [];
  const out: CredentialEntry[] = [];
  for (const site of readdirSync(root).sort()) {
    const dir = join(root, site);
    if (!lstatSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      if (name.includes('.tmp-')) continue;
      const file = join(dir, name);
      // A plain public key is not a secret, nor worth a row of its own.
      if (name.endsWith('.pub') && !name.endsWith('-cert.pub')) continue;
      out.push(await describe(site, file, name, now));
    }
  }
  return out;
}

async function describe(
  site: string,
  file: string,
  name: string,
  now: Date,
): Promise<CredentialEntry> {
  const base = { site, file };
  try {
    requirePrivate(file, 'file');
  } catch (error) {
    if (!isSlurmdeckError(error)) throw error;
    return {
      ...base,
      kind: kindOf(name, file),
      status: 'insecure',
      note: `${error.message}: ${error.hint}`,
    };
  }
  if (name.endsWith('-cert.pub')) {
    const cert = await readCertificate(file);
    return {
      ...base,
      kind: 'certificate',
      owner: cert.principals.join(',') || cert.keyId,
      ...(cert.validFrom ? { validFrom: cert.validFrom.toISOString() } : {}),
      ...(cert.validTo ? { expires: cert.validTo.toISOString() } : {}),
      status: statusAt(now, cert.validFrom, cert.validTo),
    };
  }
  if (name.endsWith('.token.json')) {
    const token = readTokenMeta(file);
    return {
      ...base,
      kind: 'api-token',
      ...(token.owner ? { owner: token.owner } : {}),
      ...(token.expires ? { expires: token.expires.toISOString() } : {}),
      ...(token.issued ? { validFrom: token.issued.toISOString() } : {}),
      status: statusAt(now, token.issued, token.expires),
    };
  }
  return { ...base, kind: kindOf(name, file), status: 'ok' };
}

function kindOf(name: string, file: string): CredentialKind {
  if (name.endsWith('-cert.pub')) return 'certificate';
  if (name.endsWith('.token.json')) return 'api-token';
  try {
    if (readFileSync(file, 'utf8').startsWith('-----BEGIN OPENSSH PRIVATE KEY-----'))
      return 'ssh-key';
  } catch {
    // unreadable: listed as unknown
  }
  return 'unknown';
}

/** The parts of a stored API token that may be shown: who and until when, not the token. */
function readTokenMeta(file: string): { owner?: string; issued?: Date; expires?: Date } {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // JSON.parse quotes the text it choked on: that would be the secret.
    return {};
  }
  const date = (v: unknown) =>
    typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined;
  const issued = date(data['issuedAt']);
  const expires = date(data['expiresAt']);
  return {
    ...(typeof data['owner'] === 'string' ? { owner: data['owner'] } : {}),
    ...(issued ? { issued } : {}),
    ...(expires ? { expires } : {}),
  };
}
