import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SlurmdeckError } from '../core/errors.js';
import { defaultControlDir, sshArgs } from './ssh-options.js';
import { sshTargetLabel, type SshTarget } from './ssh-target.js';

function optionsOf(argv: string[]): string[] {
  return argv.flatMap((arg, i) => (argv[i - 1] === '-o' ? [arg] : []));
}

function refusal(target: SshTarget): SlurmdeckError {
  try {
    sshArgs(target);
  } catch (error) {
    expect(error).toBeInstanceOf(SlurmdeckError);
    expect((error as SlurmdeckError).code).toBe('INVALID_ARGUMENT');
    return error as SlurmdeckError;
  }
  throw new Error(`sshArgs accepted ${JSON.stringify(target)}`);
}

const hasSsh = spawnSync('ssh', ['-V']).status === 0;

describe('sshArgs', () => {
  it('passes only the fixed safety and multiplexing options for a bare alias', () => {
    const argv = sshArgs({ host: 'sjtu-pi', controlDir: '/run/sd' });
    expect(argv).toEqual([
      'ssh',
      ...['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', 'ControlMaster=auto'],
      ...['-o', 'ControlPath=/run/sd/%C', '-o', 'ControlPersist=10m'],
      ...['-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3', '-o', 'ConnectTimeout=15'],
      '--',
      'sjtu-pi',
    ]);
  });

  it('adds what the target sets, flags before "--", and the host last', () => {
    const argv = sshArgs(
      {
        host: 'login.example.org',
        user: 'alice',
        port: 2222,
        identityFile: '/keys/id_ed25519',
        certificateFile: '/keys/id_ed25519-cert.pub',
        knownHostsFile: '/keys/known_hosts',
        jumpHost: 'me@gw.example.org:22',
        controlDir: '/run/sd',
        connectTimeoutS: 5,
      },
      ['-T'],
    );
    expect(optionsOf(argv)).toEqual(
      expect.arrayContaining([
        'ConnectTimeout=5',
        'UserKnownHostsFile=/keys/known_hosts',
        'CertificateFile=/keys/id_ed25519-cert.pub',
        'IdentitiesOnly=yes',
      ]),
    );
    expect(argv.slice(argv.indexOf('-i'))).toEqual([
      ...['-i', '/keys/id_ed25519', '-J', 'me@gw.example.org:22', '-l', 'alice', '-p', '2222'],
      ...['-T', '--', 'login.example.org'],
    ]);
  });

  it('lets extraOptions replace a default without a duplicate', () => {
    const argv = sshArgs({
      host: 'h',
      extraOptions: { serveraliveinterval: '60', stricthostkeychecking: 'YES' },
    });
    const options = optionsOf(argv);
    expect(options).toContain('serveraliveinterval=60');
    expect(options).toContain('stricthostkeychecking=YES');
    expect(options.filter((o) => /^serveraliveinterval=/i.test(o))).toHaveLength(1);
    expect(options.filter((o) => /^stricthostkeychecking=/i.test(o))).toHaveLength(1);
  });

  it('defaults the control directory to <runtimeDir>/ssh', () => {
    expect(defaultControlDir({ XDG_RUNTIME_DIR: '/run/user/7' })).toBe('/run/user/7/slurmdeck/ssh');
    const argv = sshArgs({ host: 'h' });
    expect(optionsOf(argv)).toContain(`ControlPath=${defaultControlDir()}/%C`);
  });

  it.each<[string, SshTarget]>([
    ['a host starting with "-"', { host: '-oProxyCommand=touch /tmp/x' }],
    ['a host with a space', { host: 'login node' }],
    ['a host with a newline', { host: 'login\nx' }],
    ['an empty host', { host: '' }],
    ['a host with a user in it', { host: 'alice@login' }],
    ['a user starting with "-"', { host: 'h', user: '-lroot' }],
    ['a user with a tab', { host: 'h', user: 'a\tb' }],
    ['a user with a control character', { host: 'h', user: 'a\u0007' }],
    ['a jump host starting with "-"', { host: 'h', jumpHost: '-x' }],
    ['port 0', { host: 'h', port: 0 }],
    ['port 70000', { host: 'h', port: 70000 }],
    ['a fractional port', { host: 'h', port: 22.5 }],
    ['a zero connect timeout', { host: 'h', connectTimeoutS: 0 }],
    ['a path with a newline', { host: 'h', identityFile: '/k\ney' }],
    ['an identity file with "%"', { host: 'h', identityFile: '/keys/%d' }],
    ['known_hosts /dev/null', { host: 'h', knownHostsFile: '/dev/null' }],
    ['StrictHostKeyChecking=no', { host: 'h', extraOptions: { StrictHostKeyChecking: 'no' } }],
    ['stricthostkeychecking=off', { host: 'h', extraOptions: { stricthostkeychecking: 'OFF' } }],
    [
      'StrictHostKeyChecking=accept-new (trust on first use)',
      { host: 'h', extraOptions: { StrictHostKeyChecking: 'accept-new' } },
    ],
    ['StrictHostKeyChecking=ask', { host: 'h', extraOptions: { StrictHostKeyChecking: 'ask' } }],
    ['UserKnownHostsFile', { host: 'h', extraOptions: { UserKnownHostsFile: '/dev/null' } }],
    ['ControlPath', { host: 'h', extraOptions: { ControlPath: 'none' } }],
    ['an option name with "="', { host: 'h', extraOptions: { 'A=b': 'c' } }],
    ['an option value with a newline', { host: 'h', extraOptions: { Ciphers: 'a\nHost *' } }],
    [
      'a control directory too long for a socket path',
      { host: 'h', controlDir: `/${'d'.repeat(60)}` },
    ],
  ])('refuses %s with INVALID_ARGUMENT and a hint', (_, target) => {
    expect(refusal(target).hint).toBeTruthy();
  });

  it('refuses every StrictHostKeyChecking but "yes", and says to add the key to known_hosts', () => {
    for (const value of ['accept-new', 'Accept-New', 'ask', 'no', 'off', 'false']) {
      const error = refusal({ host: 'h', extraOptions: { StrictHostKeyChecking: value } });
      expect(error.message).toContain(`StrictHostKeyChecking=${value}`);
      expect(error.hint).toMatch(/known_hosts/);
    }
    expect(() =>
      sshArgs({ host: 'h', extraOptions: { StrictHostKeyChecking: 'yes' } }),
    ).not.toThrow();
  });

  it('labels targets as user@host:port with only the parts that are set', () => {
    expect(sshTargetLabel({ host: 'h' })).toBe('h');
    expect(sshTargetLabel({ host: 'h', user: 'u', port: 22 })).toBe('u@h:22');
  });

  // ssh -G prints the configuration ssh would use, without connecting: proof it reads our argv
  // as meant, including paths with spaces and '%' that ssh would otherwise split or expand.
  it.skipIf(!hasSsh)('is read by the real ssh exactly as intended', () => {
    const argv = sshArgs(
      {
        host: 'login.example.org',
        user: 'alice',
        port: 2222,
        certificateFile: '/keys/my cert%1',
        knownHostsFile: '/keys/known hosts',
        jumpHost: 'gw',
        controlDir: '/tmp/sd ctl%x',
        connectTimeoutS: 7,
      },
      ['-G', '-F', '/dev/null'],
    );
    const result = spawnSync(argv[0] ?? 'ssh', argv.slice(1), { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'user alice',
        'hostname login.example.org',
        'port 2222',
        'batchmode yes',
        'stricthostkeychecking true',
        'controlmaster auto',
        'controlpersist 600',
        'connecttimeout 7',
        'proxyjump gw',
        'userknownhostsfile /keys/known hosts',
        'certificatefile /keys/my cert%%1',
      ]),
    );
    expect(lines.find((l) => l.startsWith('controlpath '))).toMatch(
      /^controlpath \/tmp\/sd ctl%x\/[0-9a-f]{40}$/,
    );
  });
});
