import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../core/errors.js';
import { classifySshFailure, loginShellFailure, sshFailure } from './ssh-errors.js';
import type { SshTarget } from './ssh-target.js';

const target: SshTarget = {
  host: '127.0.0.1',
  user: 'sdtest',
  port: 2299,
  knownHostsFile: '/tmp/sdssh/known_hosts',
};

// stderr of OpenSSH 9.2p1 (Debian 12), captured from real failures against a local sshd.
const changedKey = [
  '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
  '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
  '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
  'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
  'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
  'It is also possible that a host key has just been changed.',
  'The fingerprint for the ED25519 key sent by the remote host is',
  'SHA256:lfR6uXD7FZrsB/zfwD8V1aqOGRiP9EgvtWuTVSCe5v0.',
  'Please contact your system administrator.',
  'Add correct host key in /tmp/sdssh/known_hosts_wrong to get rid of this message.',
  'Offending ED25519 key in /tmp/sdssh/known_hosts_wrong:1',
  '  remove with:',
  '  ssh-keygen -f "/tmp/sdssh/known_hosts_wrong" -R "[127.0.0.1]:2299"',
  'Host key for [127.0.0.1]:2299 has changed and you have requested strict checking.',
  'Host key verification failed.',
  '',
].join('\r\n');
const unknownKey =
  'No ED25519 host key is known for [127.0.0.1]:2299 and you have requested strict checking.\r\n' +
  'Host key verification failed.\r\n';
const looseKey = [
  '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
  '@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @',
  '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
  "Permissions 0644 for '/tmp/sdssh/loosekey' are too open.",
  'It is required that your private key files are NOT accessible by others.',
  'This private key will be ignored.',
  'Load key "/tmp/sdssh/loosekey": bad permissions',
  'sdtest@127.0.0.1: Permission denied (publickey).',
  '',
].join('\r\n');

describe('classifySshFailure', () => {
  it.each<[string, string, ErrorCode, string, RegExp]>([
    [
      'a changed host key',
      changedKey,
      'SSH_HOST_KEY',
      'Host key for [127.0.0.1]:2299 has changed and you have requested strict checking.',
      /possible attack.*ssh-keygen -f \/tmp\/sdssh\/known_hosts -R '\[127\.0\.0\.1\]:2299'/,
    ],
    [
      'an unknown host key',
      unknownKey,
      'SSH_HOST_KEY',
      'No ED25519 host key is known for [127.0.0.1]:2299 and you have requested strict checking.',
      /not in \/tmp\/sdssh\/known_hosts.*fingerprint/,
    ],
    [
      'a bare verification failure',
      'Host key verification failed.\r\n',
      'SSH_HOST_KEY',
      'Host key verification failed.',
      /fingerprint/,
    ],
    [
      'a refused key',
      'sdtest@127.0.0.1: Permission denied (publickey).\r\n',
      'SSH_AUTH_FAILED',
      'sdtest@127.0.0.1: Permission denied (publickey).',
      /authorized_keys.*BatchMode/,
    ],
    [
      'a key others can read',
      looseKey,
      'SSH_AUTH_FAILED',
      'sdtest@127.0.0.1: Permission denied (publickey).',
      /chmod 600/,
    ],
    [
      'a missing identity file',
      'Warning: Identity file /tmp/sdssh/nokey not accessible: No such file or directory.\r\nsdtest@127.0.0.1: Permission denied (publickey).\r\n',
      'SSH_AUTH_FAILED',
      'sdtest@127.0.0.1: Permission denied (publickey).',
      /\/tmp\/sdssh\/nokey does not exist/,
    ],
    [
      'too many keys offered',
      'Received disconnect from 10.0.0.1 port 22:2: Too many authentication failures\r\nDisconnected from 10.0.0.1 port 22\r\n',
      'SSH_AUTH_FAILED',
      'Received disconnect from 10.0.0.1 port 22:2: Too many authentication failures',
      /authorized_keys/,
    ],
    [
      'a refused connection',
      'ssh: connect to host 127.0.0.1 port 1: Connection refused\r\n',
      'SSH_CONNECT_FAILED',
      'ssh: connect to host 127.0.0.1 port 1: Connection refused',
      /127\.0\.0\.1 port 2299 can be reached/,
    ],
    [
      'an unknown host name',
      'ssh: Could not resolve hostname nosuchhost.invalid: Name or service not known\r\n',
      'SSH_CONNECT_FAILED',
      'ssh: Could not resolve hostname nosuchhost.invalid: Name or service not known',
      /host name 127\.0\.0\.1/,
    ],
    [
      'a banner timeout',
      'Connection timed out during banner exchange\r\nConnection to 10.255.255.1 port 22 timed out\r\n',
      'SSH_CONNECT_FAILED',
      'Connection timed out during banner exchange',
      /can be reached/,
    ],
    [
      'a refused jump host',
      'ssh: connect to host 127.0.0.1 port 1: Connection refused\r\nkex_exchange_identification: Connection closed by remote host\r\nConnection closed by UNKNOWN port 65535\r\n',
      'SSH_CONNECT_FAILED',
      'ssh: connect to host 127.0.0.1 port 1: Connection refused',
      /can be reached/,
    ],
    [
      'a server that is not sshd',
      'kex_exchange_identification: Connection closed by remote host\r\nConnection closed by 127.0.0.1 port 2399\r\n',
      'SSH_CONNECT_FAILED',
      'kex_exchange_identification: Connection closed by remote host',
      /sshd runs there/,
    ],
    [
      'a dropped connection',
      'Connection to 127.0.0.1 closed by remote host.\r\n',
      'SSH_CONNECT_FAILED',
      'Connection to 127.0.0.1 closed by remote host.',
      /dropped/,
    ],
    [
      'a bad ssh config',
      '/root/.ssh/config: line 1: Bad configuration option: foo\r\n/root/.ssh/config: terminating, 1 bad configuration options\r\n',
      'CONFIG_INVALID',
      '/root/.ssh/config: line 1: Bad configuration option: foo',
      /~\/\.ssh\/config/,
    ],
    [
      'a bad -o option',
      'command-line: line 0: Bad configuration option: foo\r\n',
      'CONFIG_INVALID',
      'command-line: line 0: Bad configuration option: foo',
      /fix the line/,
    ],
  ])('recognises %s', (_, stderr, code, line, hint) => {
    const error = classifySshFailure(stderr, target);
    expect(error?.code).toBe(code);
    expect(error?.message).toBe(`ssh to sdtest@127.0.0.1:2299 failed: ${line}`);
    expect(error?.hint).toMatch(hint);
    expect(error?.message).not.toMatch(/\r|\n/);
  });

  it.each([
    ['no output', ''],
    ['a remote command complaining about a file', 'cat: /etc/shadow: Permission denied\n'],
    ['a remote program that mentions ssh in passing', 'warning: ssh: connect later\nexit 255\n'],
  ])('leaves %s to the caller', (_, stderr) => {
    expect(classifySshFailure(stderr, target)).toBeUndefined();
  });

  it('never repeats the remote output around the ssh line', () => {
    const stderr = 'token=s3cr3t\r\nssh: connect to host 127.0.0.1 port 1: Connection refused\r\n';
    const error = classifySshFailure(stderr, target);
    expect(JSON.stringify([error?.message, error?.hint, error?.data])).not.toContain('s3cr3t');
  });

  it('names the jump host in the hint when there is one', () => {
    const error = classifySshFailure('Connection closed by UNKNOWN port 65535\n', {
      host: 'node',
      jumpHost: 'gw',
    });
    expect(error?.hint).toMatch(/jump host gw/);
  });
});

describe('sshFailure', () => {
  it('falls back to SSH_CONNECT_FAILED with ssh’s last line', () => {
    const error = sshFailure('debug1: x\r\nsomething odd happened\r\n', 255, target);
    expect(error.code).toBe('SSH_CONNECT_FAILED');
    expect(error.message).toBe('ssh to sdtest@127.0.0.1:2299 failed: something odd happened');
    expect(sshFailure('', 255, target).message).toMatch(/exit code 255$/);
  });
});

describe('loginShellFailure', () => {
  it('says the login shell never ran the command, with its last words and exit code', () => {
    const error = loginShellFailure(
      'Welcome!\nThis account is currently not available.\n',
      1,
      target,
    );
    expect(error.code).toBe('SSH_CONNECT_FAILED');
    expect(error.message).toBe(
      'ssh to sdtest@127.0.0.1:2299: the login shell did not run the command: This account is currently not available. (exit code 1)',
    );
    expect(error.hint).toMatch(/^`ssh sdtest@127.0.0.1:2299 true` must exit 0: .*startup files/);
    expect(loginShellFailure('', 0, target).message).toMatch(/command: exit code 0$/);
  });
});
