import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterSchema } from '../core/config.js';
import { certificateWarning } from './certificate-warning.js';

function certificate(validity: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdeck-certwarn-'));
  const run = (...a: string[]) => execFileSync('ssh-keygen', ['-q', ...a], { stdio: 'pipe' });
  run('-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, 'ca'));
  run('-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, 'key'));
  run('-s', join(dir, 'ca'), '-I', 'u', '-n', 'u', '-V', validity, join(dir, 'key.pub'));
  return join(dir, 'key-cert.pub');
}

const cluster = (certificateFile: string) =>
  clusterSchema.parse({ transport: 'ssh', host: 'login', certificateFile });

describe('certificateWarning', () => {
  it('is quiet while the certificate is young', async () => {
    expect(await certificateWarning(cluster(certificate('-1m:+1h')), 'sjtu')).toBeUndefined();
  });

  it('says when to renew, and how', async () => {
    const warning = await certificateWarning(cluster(certificate('-50m:+10m')), 'sjtu');
    expect(warning).toMatch(/expires in (9|10) min/);
    expect(warning).toContain('slurmdeck --site sjtu site cert request');
  });

  it('says an expired one will fail logins', async () => {
    expect(await certificateWarning(cluster(certificate('-2h:-1h')), undefined)).toMatch(
      /expired at .*: logins will fail/,
    );
  });
});
