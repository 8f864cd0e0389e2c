import { cleanClusterText } from '../core/clean-text.js';
import { SlurmdeckError } from '../core/errors.js';
import { runProcess } from '../transport/index.js';

export interface CertificateInfo {
  keyId: string;
  principals: string[];
  /** Undefined for a certificate valid forever. */
  validFrom?: Date;
  validTo?: Date;
}

/** What `ssh-keygen -L` says of a certificate (run in UTC, so its times have a zone). */
export function parseCertificateListing(text: string): CertificateInfo {
  const keyId = /^\s*Key ID: "(.*)"\s*$/m.exec(text)?.[1];
  if (keyId === undefined) {
    throw new SlurmdeckError('SLURM_PARSE', 'not an SSH certificate listing', {
      hint: 'The file may be a plain public key rather than a certificate (*-cert.pub).',
    });
  }
  const principals: string[] = [];
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^\s*Principals:/.test(l));
  for (let i = at + 1; at >= 0 && i < lines.length && /^\s{9,}\S/.test(lines[i] as string); i++) {
    principals.push(cleanClusterText((lines[i] as string).trim()));
  }
  const valid = /^\s*Valid: from (\S+) to (\S+)\s*$/m.exec(text);
  return {
    keyId: cleanClusterText(keyId),
    principals,
    ...(valid ? { validFrom: utc(valid[1] as string), validTo: utc(valid[2] as string) } : {}),
  };
}

export async function readCertificate(file: string): Promise<CertificateInfo> {
  const result = await runProcess(['ssh-keygen', '-L', '-f', file], {
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    timeoutMs: 10_000,
    missingHint: 'Install the OpenSSH client (ssh-keygen).',
  });
  if (result.exitCode !== 0) {
    throw new SlurmdeckError('CONFIG_INVALID', `${file} is not a readable SSH certificate`, {
      hint: 'Request a new certificate from the site, or remove the file.',
      data: { stderr: result.stderr.trim().slice(0, 300) },
    });
  }
  return parseCertificateListing(result.stdout);
}

function utc(stamp: string): Date {
  return new Date(`${stamp}Z`);
}
