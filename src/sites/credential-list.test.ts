import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteCredentialsDir, writeCredentialFile } from './credential-files.js';
import { listCredentials, statusAt } from './credential-list.js';

const keygen = (...args: string[]) =>
  execFileSync('ssh-keygen', ['-q', ...args], { stdio: 'pipe' });

/** A CA, a user key, and a certificate of it valid for `validity` (ssh-keygen -V syntax). */
function certificate(dir: string, validity: string, id: string): string {
  keygen('-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, `ca-${id}`));
  keygen('-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, `key-${id}`));
  keygen(
    '-s',
    join(dir, `ca-${id}`),
    '-I',
    `${id} \x1b[31mred`,
    '-n',
    'alice,al',
    '-V',
    validity,
    join(dir, `key-${id}.pub`),
  );
  return readFileSync(join(dir, `key-${id}-cert.pub`), 'utf8');
}

describe('the credentials folder', () => {
  it('lists kind, owner and expiry, and when to renew, never a value', async () => {
    const work = mkdtempSync(join(tmpdir(), 'sdeck-cred-'));
    const root = join(work, 'credentials');
    const dir = siteCredentialsDir('sjtu', root);
    writeCredentialFile(join(dir, 'fresh-cert.pub'), certificate(work, '-1m:+1h', 'fresh'));
    writeCredentialFile(join(dir, 'late-cert.pub'), certificate(work, '-2h:+30m', 'late'));
    writeCredentialFile(join(dir, 'old-cert.pub'), certificate(work, '-2h:-1h', 'old'));
    writeCredentialFile(join(dir, 'id_ed25519'), readFileSync(join(work, 'key-fresh')));
    writeCredentialFile(join(dir, 'id_ed25519.pub'), readFileSync(join(work, 'key-fresh.pub')));
    const token = 'tok-SECRET-123';
    writeCredentialFile(
      join(dir, 'api.token.json'),
      JSON.stringify({
        token,
        owner: 'alice',
        issuedAt: new Date(Date.now() - 60_000).toISOString(),
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
    writeFileSync(join(dir, 'loose.token.json'), JSON.stringify({ token }), { mode: 0o644 });
    chmodSync(join(dir, 'loose.token.json'), 0o644);

    const entries = await listCredentials(root);
    const by = (name: string) => entries.find((e) => e.file.endsWith(`/${name}`));
    expect(entries.map((e) => e.file.split('/').pop())).toEqual([
      'api.token.json',
      'fresh-cert.pub',
      'id_ed25519',
      'late-cert.pub',
      'loose.token.json',
      'old-cert.pub',
    ]);
    expect(by('fresh-cert.pub')).toMatchObject({
      kind: 'certificate',
      owner: 'alice,al',
      status: 'ok',
    });
    expect(Date.parse(by('fresh-cert.pub')?.expires ?? '') - Date.now()).toBeGreaterThan(
      50 * 60_000,
    );
    expect(by('late-cert.pub')?.status).toBe('renew');
    expect(by('old-cert.pub')?.status).toBe('expired');
    expect(by('id_ed25519')).toMatchObject({ kind: 'ssh-key', status: 'ok' });
    expect(by('api.token.json')).toMatchObject({ kind: 'api-token', owner: 'alice', status: 'ok' });
    expect(by('loose.token.json')).toMatchObject({
      status: 'insecure',
      note: expect.stringContaining('chmod 600'),
    });
    expect(JSON.stringify(entries)).not.toContain(token);
    expect(JSON.stringify(entries)).not.toContain('PRIVATE KEY');
  });

  it('refuses a credentials folder others can read, with the fix', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'sdeck-cred-')), 'credentials');
    siteCredentialsDir('sjtu', root);
    chmodSync(join(root, 'sjtu'), 0o755);
    expect(() => siteCredentialsDir('sjtu', root)).toThrow(/open to others \(mode 755\)/);
  });

  it('writes a credential that is 0600 from its first byte', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'sdeck-cred-')), 'credentials');
    const file = join(siteCredentialsDir('s', root), 'x.token.json');
    writeCredentialFile(file, '{}');
    expect(execFileSync('stat', ['-c', '%a', file]).toString().trim()).toBe('600');
  });
});

describe('statusAt', () => {
  const from = new Date('2026-01-01T00:00:00Z');
  const to = new Date('2026-01-01T03:00:00Z');
  it('renews after two thirds of the life, expires at the end', () => {
    expect(statusAt(new Date('2026-01-01T01:59:00Z'), from, to)).toBe('ok');
    expect(statusAt(new Date('2026-01-01T02:00:00Z'), from, to)).toBe('renew');
    expect(statusAt(new Date('2026-01-01T03:00:00Z'), from, to)).toBe('expired');
    expect(statusAt(new Date(), undefined, undefined)).toBe('ok');
  });
});
