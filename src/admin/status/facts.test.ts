import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clockOffset, relativeOffset } from './clock.js';
import { parseControllerFacts, spoolDirOf } from './controller-facts.js';
import { fileSums, parseFacts } from './facts-frame.js';
import { parseNodeFacts } from './node-facts.js';

const MARKER = '@sdf-000000000000';
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseNodeFacts on a healthy dev cluster node (captured)', () => {
  const facts = parseNodeFacts(parseFacts(fixture('node-healthy.txt'), MARKER));

  it('reads munged and slurmd with pid, uptime and version', () => {
    expect(facts.munged).toEqual({
      running: true,
      pid: 3207,
      uptimeS: 2176.27,
      version: 'munge-0.5.15 (2022-06-22)',
      environment: [],
    });
    expect(facts.slurmd).toMatchObject({ running: true, pid: 3771, version: 'slurm-wlm 22.05.8' });
  });

  it('reads the key file: checksum, owner, mode, type, and its folder', () => {
    expect(facts.key).toEqual({
      path: '/etc/munge/munge.key',
      sha256: '555d68a87bf532b8b7355b84454ea411d4cdd5eb78585f2ccf4da27e00db9ccb',
      owner: 'munge',
      group: 'munge',
      mode: '400',
      type: 'regular file',
      modifiedAtS: 1796158041,
      error: undefined,
      directory: { owner: 'munge', group: 'munge', mode: '700', type: 'directory' },
    });
  });

  it('reads both munge checks, the port check, the config checksum and the log lines', () => {
    expect(facts.localMunge).toEqual({ ok: true, code: 0, message: 'Success (0)' });
    expect(facts.crossDecode).toEqual({ ok: true, code: 0, message: 'Success (0)' });
    expect(facts.controllerPort).toEqual({ open: true, error: undefined });
    expect(facts.conf.sha256).toMatch(/^e4a5ea90/);
    expect(facts.slurmdLog).toHaveLength(5);
    expect(facts.complete).toBe(true);
    expect(facts.timeS).toBeCloseTo(1796160220.25, 1);
  });
});

describe('parseFacts', () => {
  it('a port check that could not run (no timeout, bash or nc there) is unknown, not closed', () => {
    for (const code of [126, 127]) {
      const out = `${MARKER} ctld.reach ${code} sh: 1: timeout: not found\n`;
      expect(parseNodeFacts(parseFacts(out, MARKER)).controllerPort).toBeUndefined();
    }
  });

  it('ignores what is not a fact line of this marker (banners, another marker)', () => {
    const out = `Welcome!\n${MARKER} host n1\n@sdf-111111111111 host evil\n${MARKER}x host no\n${MARKER} munged.pid \n`;
    const facts = parseFacts(out, MARKER);
    expect([...facts.keys()]).toEqual(['host', 'munged.pid']);
    expect(parseNodeFacts(facts)).toMatchObject({
      host: 'n1',
      munged: { running: false, pid: undefined },
      complete: false,
    });
  });

  it('reads failed munge calls and a closed port with their messages', () => {
    const out = [
      `${MARKER} munge.local 6 munge: Error: Failed to access "/run/munge/munge.socket.2": No such file or directory (Did you start munged?)`,
      `${MARKER} munge.decode 14 unmunge: Error: Invalid credential`,
      `${MARKER} ctld.reach 124 `,
      `${MARKER} key.stat stat: cannot statx '/etc/munge/munge.key': No such file or directory`,
    ].join('\n');
    const facts = parseNodeFacts(parseFacts(out, MARKER));
    expect(facts.localMunge).toMatchObject({ ok: false, code: 6 });
    expect(facts.crossDecode).toEqual({
      ok: false,
      code: 14,
      message: 'unmunge: Error: Invalid credential',
    });
    expect(facts.controllerPort).toEqual({
      open: false,
      error: 'no answer within 5 s (exit 124)',
    });
    expect(facts.key).toMatchObject({
      owner: undefined,
      error: expect.stringMatching(/cannot statx/),
    });
  });
});

describe('parseControllerFacts on the dev cluster controller (captured)', () => {
  const facts = parseControllerFacts(parseFacts(fixture('controller-healthy.txt'), MARKER));

  it('reads checksums, slurmctld, where nodes reach it, and the credentials', () => {
    expect(facts).toMatchObject({
      host: 'ctl',
      mungedRunning: true,
      slurmctldAddress: '10.77.0.2',
      slurmctldPort: 6817,
      authType: 'auth/munge',
      configless: false,
      keySha256: '555d68a87bf532b8b7355b84454ea411d4cdd5eb78585f2ccf4da27e00db9ccb',
      slurmctld: { running: true, pid: 3643, version: 'slurm-wlm 22.05.8' },
      complete: true,
    });
    expect(facts.credentials).toHaveLength(2);
    expect(facts.credentials[0]).toMatch(/^MUNGE:.*:$/);
  });

  it('reads an older ControlMachine/ControlAddr, a port range and configless mode', () => {
    const lines = [
      'ControlMachine=head',
      'ControlAddr=192.168.1.1',
      'SlurmctldPort=6817-6820',
      'SlurmctldParameters=enable_configless,idle_on_node_suspend',
      'SlurmdSpoolDir=/var/spool/slurmd.%n',
    ];
    const out = lines.map((l) => `${MARKER} conf.line ${l}`).join('\n');
    expect(parseControllerFacts(parseFacts(out, MARKER))).toMatchObject({
      slurmctldAddress: '192.168.1.1',
      slurmctldPort: 6817,
      configless: true,
      slurmdSpoolDir: '/var/spool/slurmd.%n',
    });
    expect(spoolDirOf('/var/spool/slurmd.%n', 'gpu01')).toBe('/var/spool/slurmd.gpu01');
    expect(facts.slurmdSpoolDir).toBe('/var/spool/slurmd');
  });

  it('takes SlurmctldAddr (the active controller behind backups) over the first SlurmctldHost', () => {
    const lines = [
      'SlurmctldHost=ctl1(10.0.0.1)',
      'SlurmctldHost=ctl2',
      'SlurmctldAddr=10.0.0.100',
    ];
    const out = lines.map((l) => `${MARKER} conf.line ${l}`).join('\n');
    expect(parseControllerFacts(parseFacts(out, MARKER)).slurmctldAddress).toBe('10.0.0.100');
  });
});

describe('file checksum facts', () => {
  it('reads SHA256 PATH lines, a path with spaces kept, an unreadable file without a checksum', () => {
    const out = [
      `${MARKER} include ${'a'.repeat(64)} /etc/slurm/my nodes.conf`,
      `${MARKER} include  /etc/slurm/gone.conf`,
    ].join('\n');
    expect(fileSums(parseFacts(out, MARKER), 'include')).toEqual([
      { path: '/etc/slurm/my nodes.conf', sha256: 'a'.repeat(64) },
      { path: '/etc/slurm/gone.conf', sha256: undefined },
    ]);
  });
});

describe('clock offsets', () => {
  it('takes the remote time at the midpoint of the round trip', () => {
    expect(clockOffset(1000, 1100, 1102)).toEqual({ offsetS: -101, uncertaintyS: 1 });
    expect(clockOffset(undefined, 1, 2)).toBeUndefined();
  });

  it('gives a node against the controller, adding their uncertainties', () => {
    expect(
      relativeOffset({ offsetS: -600, uncertaintyS: 0.5 }, { offsetS: 2, uncertaintyS: 0.25 }),
    ).toEqual({ offsetS: -602, uncertaintyS: 0.75 });
  });
});
