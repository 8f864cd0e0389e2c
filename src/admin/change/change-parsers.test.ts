import { describe, expect, it } from 'vitest';
import { serviceArgv } from './daemon-service.js';
import { describeFile, fileMatches, FileContent, type FileState } from './remote-file.js';
import { checkPublicKey, keyFingerprint, keyIdentity } from './sync-ssh.js';
import { parseRegistration, registered } from './verify-daemon.js';

const state = (over: Partial<FileState> = {}): FileState => ({
  path: '/etc/munge/munge.key',
  exists: true,
  sha256: 'a'.repeat(64),
  ownership: { owner: 'munge', group: 'munge', mode: '400' },
  type: 'regular file',
  dir: { owner: 'munge', group: 'munge', mode: '700', type: 'directory' },
  ...over,
});
const wanted = {
  path: '/etc/munge/munge.key',
  sha256: 'a'.repeat(64),
  owner: 'munge',
  group: 'munge',
  mode: '400',
  dir: { owner: 'munge', group: 'munge', mode: '700' },
};

describe('a file on a node against what is wanted', () => {
  it('matches only with the same checksum, owner, group, mode, a regular file and its folder right', () => {
    expect(fileMatches(state(), wanted)).toBe(true);
    expect(fileMatches(state({ sha256: 'b'.repeat(64) }), wanted)).toBe(false);
    expect(
      fileMatches(state({ ownership: { owner: 'munge', group: 'munge', mode: '644' } }), wanted),
    ).toBe(false);
    expect(
      fileMatches(state({ ownership: { owner: 'root', group: 'root', mode: '400' } }), wanted),
    ).toBe(false);
    expect(fileMatches(state({ type: 'symbolic link' }), wanted)).toBe(false);
    expect(
      fileMatches(
        state({ dir: { owner: 'munge', group: 'munge', mode: '755', type: 'directory' } }),
        wanted,
      ),
    ).toBe(false);
    expect(
      fileMatches(
        state({ exists: false, sha256: undefined, ownership: undefined, type: undefined }),
        wanted,
      ),
    ).toBe(false);
  });

  it('is described by checksum and ownership only', () => {
    expect(describeFile(state())).toBe(`sha256:${'a'.repeat(16)} munge:munge 400`);
    expect(describeFile(state({ type: 'symbolic link' }))).toMatch(/\(symbolic link\)$/);
    expect(describeFile(state({ exists: false }))).toBe('missing');
  });

  it("keeps a secret's bytes out of JSON and console output", () => {
    const secret = Buffer.from('very secret key bytes').toString('base64');
    const content = new FileContent(secret);
    expect(JSON.stringify({ content })).not.toContain(secret);
    expect(JSON.stringify({ content })).toContain(content.sha256.slice(0, 16));
    expect(content.stdin()).toBe(secret);
  });
});

describe('how daemons are run and checked', () => {
  it('uses systemctl units by default, the configured command otherwise', () => {
    expect(serviceArgv(undefined, 'restart', 'munged')).toEqual(['systemctl', 'restart', 'munge']);
    expect(serviceArgv(['/usr/local/bin/svc'], 'start', 'slurmd')).toEqual([
      '/usr/local/bin/svc',
      'start',
      'slurmd',
    ]);
  });

  it('reads a registration from scontrol show node -o (Slurm 22.05)', () => {
    const line =
      'NodeName=n3 Arch=x86_64 CoresPerSocket=1 State=IDLE+NOT_RESPONDING ThreadsPerCore=1 BootTime=2026-12-01T17:08:38 SlurmdStartTime=2026-12-02T00:01:50 LastBusyTime=2026-12-02T00:01:50 Reason=Not responding [slurm@2026-12-02T00:05:00] CfgTRES=cpu=4';
    const reg = parseRegistration(line);
    expect(reg).toEqual({
      slurmdStartTime: '2026-12-02T00:01:50',
      state: 'IDLE+NOT_RESPONDING',
      reason: 'Not responding',
    });
    expect(registered(reg)).toBe(false);
    expect(registered({ ...reg, state: 'IDLE' })).toBe(true);
    expect(registered({ ...reg, state: 'IDLE+DRAIN+INVALID_REG' })).toBe(false);
    // Slurm before 22.05 marks a node that does not respond with a star only.
    expect(registered({ ...reg, state: 'IDLE*' })).toBe(false);
    expect(registered({ ...reg, state: 'DOWN*' })).toBe(false);
  });
});

describe('public keys for sync-ssh', () => {
  const line =
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKcA7ojdc0XFZqyG7yG6jK3fV6WdQ2b5l5I0b8P6p3bX alice@laptop';
  it('are the same key whatever the comment, with ssh-keygen -l fingerprints', () => {
    expect(keyIdentity(line)).toBe(keyIdentity(line.replace('alice@laptop', 'other')));
    expect(keyIdentity(`from="10.0.0.0/8" ${line}`)).toBe(keyIdentity(line));
    expect(keyFingerprint(keyIdentity(line) as string)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
  it('refuses a private key or anything that is not one key line', () => {
    expect(() => checkPublicKey('-----BEGIN OPENSSH PRIVATE KEY-----\nabc')).toThrow(
      /not one OpenSSH public key line/,
    );
    expect(() => checkPublicKey(`${line}\n${line}`)).toThrow(/not one/);
  });
});
