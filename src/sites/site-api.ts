import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SlurmdeckError } from '../core/errors.js';
import { createSjtuApi, type AccountChange, type SjtuApi } from './api/sjtu-api.js';
import { readCertificate } from './certificate.js';
import {
  credentialsRoot,
  requirePrivate,
  siteCredentialsDir,
  writeCredentialFile,
} from './credential-files.js';
import type { SiteProfile } from './profile-schema.js';

export interface SiteApiContext {
  site: string;
  profile: SiteProfile;
  /** The credentials folder (tests use their own). */
  root?: string;
}

interface StoredToken {
  token: string;
  owner: string;
  issuedAt: string;
  expiresAt?: string;
}

const TOKEN_FILE = 'api.token.json';
export const KEY_FILE = 'id_ed25519';

export function siteApi(ctx: SiteApiContext): SjtuApi {
  const api = ctx.profile.api;
  if (api?.kind !== 'sjtu') {
    throw new SlurmdeckError('INVALID_ARGUMENT', `site ${ctx.site} has no API slurmdeck can use`, {
      hint: 'Only profiles with `api: { kind: sjtu, base: URL }` have one.',
    });
  }
  return createSjtuApi({ base: api.base });
}

const dirOf = (ctx: SiteApiContext) => siteCredentialsDir(ctx.site, ctx.root ?? credentialsRoot());

/** Password -> token, stored 0600; the password itself is never kept anywhere. */
export async function siteLogin(
  ctx: SiteApiContext,
  user: string,
  password: string,
): Promise<StoredToken> {
  const token = await siteApi(ctx).login(user, password);
  return storeToken(ctx, user, token);
}

/** The stored token, refreshed first when past two thirds of its life. */
export async function siteToken(ctx: SiteApiContext): Promise<StoredToken> {
  const file = join(dirOf(ctx), TOKEN_FILE);
  if (!existsSync(file)) {
    throw new SlurmdeckError('CREDENTIALS_INVALID', `not logged in to ${ctx.site}'s API`, {
      hint: `Run: slurmdeck site login --site ${ctx.site}`,
    });
  }
  requirePrivate(file, 'file');
  const stored = readToken(file);
  const issued = Date.parse(stored.issuedAt);
  const expires = stored.expiresAt ? Date.parse(stored.expiresAt) : undefined;
  if (expires !== undefined && Date.now() >= issued + ((expires - issued) * 2) / 3) {
    return storeToken(ctx, stored.owner, await siteApi(ctx).refresh(stored.token));
  }
  return stored;
}

export async function siteRefresh(ctx: SiteApiContext): Promise<StoredToken> {
  const stored = await siteToken(ctx);
  return storeToken(ctx, stored.owner, await siteApi(ctx).refresh(stored.token));
}

export interface CertificateRequest {
  validSeconds: number;
  signal?: AbortSignal;
  /** Called once the request is with the site, waiting for the user's approval. */
  onWaiting?: () => void;
}

/**
 * A fresh key pair and a certificate for it: blocks until the user approves on their phone or
 * by email (up to ten minutes, cancellable). Key and certificate land 0600 in the site's folder.
 */
export async function requestCertificate(ctx: SiteApiContext, request: CertificateRequest) {
  const { token, owner } = await siteToken(ctx);
  const api = siteApi(ctx);
  const pair = await api.generateKey(token, owner);
  request.onWaiting?.();
  const cert = await api.signCertificate(
    token,
    owner,
    pair.publicKey,
    request.validSeconds,
    request.signal,
  );
  const dir = dirOf(ctx);
  const key = join(dir, KEY_FILE);
  writeCredentialFile(
    key,
    pair.privateKey.endsWith('\n') ? pair.privateKey : `${pair.privateKey}\n`,
  );
  writeCredentialFile(
    `${key}.pub`,
    pair.publicKey.endsWith('\n') ? pair.publicKey : `${pair.publicKey}\n`,
  );
  writeCredentialFile(`${key}-cert.pub`, cert);
  const info = await readCertificate(`${key}-cert.pub`);
  return { identityFile: key, certificateFile: `${key}-cert.pub`, owner, expires: info.validTo };
}

/**
 * Changes the account at the site (password, email, jAccount binding, preferred contact): blocks
 * until the user approves it on their second channel (up to ten minutes, cancellable). The new
 * password is sent once and kept nowhere.
 */
export async function updateSiteAccount(
  ctx: SiteApiContext,
  change: AccountChange,
  wait: { signal?: AbortSignal; onWaiting?: () => void } = {},
): Promise<{ owner: string; changed: string[] }> {
  const changed = Object.entries(change)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  if (changed.length === 0) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'nothing to change', {
      hint: 'Give --email, --jaccount, --contact or --new-password.',
    });
  }
  const { token, owner } = await siteToken(ctx);
  wait.onWaiting?.();
  await siteApi(ctx).updateUser(token, owner, change, wait.signal);
  return { owner, changed };
}

/** The user's and their account's storage quota; the account is the parent folder of home. */
export async function siteQuota(ctx: SiteApiContext) {
  const { token, owner } = await siteToken(ctx);
  const api = siteApi(ctx);
  const user = await api.user(token, owner);
  const home = [user['home'], user['homeDirectory']].find(
    (v): v is string => typeof v === 'string',
  );
  const account = home?.split('/').filter(Boolean).at(-2);
  return {
    user: owner,
    ...(account ? { account } : {}),
    userQuota: await api.quota('user', owner),
    ...(account ? { accountQuota: await api.quota('account', account) } : {}),
  };
}

function storeToken(ctx: SiteApiContext, owner: string, token: string): StoredToken {
  const expires = jwtExpiry(token);
  const stored: StoredToken = {
    token,
    owner,
    issuedAt: new Date().toISOString(),
    ...(expires ? { expiresAt: expires.toISOString() } : {}),
  };
  writeCredentialFile(join(dirOf(ctx), TOKEN_FILE), `${JSON.stringify(stored)}\n`);
  return stored;
}

function readToken(file: string): StoredToken {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredToken>;
    if (
      typeof value.token === 'string' &&
      typeof value.owner === 'string' &&
      typeof value.issuedAt === 'string'
    ) {
      return value as StoredToken;
    }
  } catch {
    // JSON.parse would quote the token in its message
  }
  throw new SlurmdeckError('CREDENTIALS_INVALID', `${file} is not a token slurmdeck wrote`, {
    hint: 'Log in again to replace it: slurmdeck site login --site SITE.',
  });
}

/** A JWT's `exp`, read without verifying (only to know when to refresh). */
function jwtExpiry(token: string): Date | undefined {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return undefined;
  try {
    const exp = (
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }
    ).exp;
    return typeof exp === 'number' ? new Date(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}
