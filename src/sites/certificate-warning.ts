import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import type { ClusterConfig } from '../core/config.js';
import { readCertificate } from './certificate.js';
import { statusAt } from './credential-list.js';

/**
 * A word ahead of trouble when the cluster logs in with an SSH certificate that has expired or
 * is past two thirds of its life; undefined when all is well (or there is no certificate).
 */
export async function certificateWarning(
  cluster: ClusterConfig,
  site: string | undefined,
  now = new Date(),
): Promise<string | undefined> {
  if (cluster.transport !== 'ssh' || !cluster.certificateFile) return undefined;
  const file = cluster.certificateFile.replace(/^~(?=\/)/, homedir());
  if (!existsSync(file)) return undefined;
  const cert = await readCertificate(file).catch(() => undefined);
  if (!cert?.validTo) return undefined;
  const status = statusAt(now, cert.validFrom, cert.validTo);
  if (status === 'ok') return undefined;
  const renew = site
    ? `slurmdeck --site ${site} site cert request`
    : 'request a new one from the site';
  if (status === 'expired') {
    return `the SSH certificate ${file} expired at ${cert.validTo.toISOString()}: logins will fail; ${renew}`;
  }
  const minutes = Math.max(1, Math.round((cert.validTo.getTime() - now.getTime()) / 60_000));
  return `the SSH certificate ${file} expires in ${minutes} min (${cert.validTo.toISOString()}); renew it: ${renew}`;
}
