import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DoctorReport, FindingCode } from '../../src/admin/index.js';
import { restartMunged, stopMunged, stopNode } from '../../src/devcluster/index.js';
import { adminCli, devNode, waitNodeBack, type DevNode } from './admin-dev-node.js';

const configFile = inject('configFile');
const root = inject('devRoot');
const CONTROLLER = '10.77.0.2';

let n3: DevNode;

/** `admin doctor n3 --json`: the exit code and each finding's code and severity. */
async function doctor(): Promise<{
  code: number;
  findings: Array<[FindingCode, string]>;
  report: DoctorReport;
}> {
  const { code, stdout, stderr } = await adminCli(configFile, ['doctor', 'n3', '--json']);
  expect(stderr).toBe('');
  const report = JSON.parse(stdout) as DoctorReport;
  const findings = (report.rows[0]?.detail?.findings ?? []).map(
    (f) => [f.code, f.severity] as [FindingCode, string],
  );
  return { code, findings, report };
}

beforeAll(async () => {
  n3 = devNode(root, 'n3');
  // A node left broken by a killed run would fail every test here: start from a healthy one.
  await n3.restore(CONTROLLER);
  expect((await doctor()).findings).toEqual([]);
});

// Other test files share this cluster: n3 goes back to what `up` made after every test.
afterEach(async () => {
  await n3.restore(CONTROLLER);
  await waitNodeBack(root, 'n3');
});

afterAll(async () => {
  await n3.restore(CONTROLLER);
  await waitNodeBack(root, 'n3');
});

describe('slurmdeck admin doctor tells apart failures that look alike (n3 broken on purpose)', () => {
  it('munge key mismatch: "Invalid credential" with a key that is not the controller\'s', async () => {
    n3.writeOtherKey();
    await restartMunged(root, 'n3');
    const { code, findings, report } = await doctor();
    expect(code).toBe(1);
    expect(findings).toEqual([['munge_key_mismatch', 'error']]);
    const status = report.rows[0]?.detail?.status;
    expect(status?.crossDecode?.message).toMatch(/Invalid credential/);
    expect(status?.keyMatches).toBe(false);
  });

  it('the right key on disk, but munged not restarted since: told apart from a mismatch', async () => {
    n3.writeOtherKey();
    await restartMunged(root, 'n3');
    // mtime has one-second resolution: the fix lands well over a second after munged started.
    await new Promise((r) => setTimeout(r, 2000));
    n3.writeRightKey();
    const { findings, report } = await doctor();
    expect(findings).toEqual([['munge_key_not_loaded', 'error']]);
    expect(report.rows[0]?.detail?.status.keyMatches).toBe(true);
  });

  it.each([
    ['of mode 0644', () => n3.chmodKey(0o644), /mode 644/],
    ['owned by root', () => n3.chownKeyToRoot(), /owned by root, not munge/],
    ['that is a symlink', () => n3.symlinkKey(), /symbolic link/],
  ])(
    'a key file %s: a warning while munged runs, the cause once munged refuses it',
    async (_how, breakIt, why) => {
      breakIt();
      expect((await doctor()).findings).toEqual([['munge_key_insecure', 'warning']]);
      const started = await restartMunged(root, 'n3', { waitReady: false });
      expect(started).toBe(false);
      const { findings, report } = await doctor();
      expect(findings).toEqual([['munge_key_insecure', 'error']]);
      expect(report.rows[0]?.detail?.findings[0]?.evidence.join('\n')).toMatch(why);
    },
  );

  it('munged stopped: "not running", not a credential problem', async () => {
    await stopMunged(root, 'n3');
    const { findings, report } = await doctor();
    expect(findings).toEqual([['munged_not_running', 'error']]);
    expect(report.rows[0]?.detail?.status.localMunge?.ok).toBe(false);
  });

  it.each([
    ['+10m', 'Expired credential', /ahead/],
    ['-10m', 'Rewound credential', /behind/],
  ])('clock skew: munged under faketime %s says "%s"', async (skew, message, why) => {
    await restartMunged(root, 'n3', { wrapper: ['faketime', '-f', skew] });
    const { findings, report } = await doctor();
    expect(findings).toEqual([['clock_skew', 'error']]);
    const finding = report.rows[0]?.detail?.findings[0];
    expect(finding?.evidence[0]).toContain(message);
    expect(finding?.problem).toMatch(why);
    expect(finding?.evidence.join(' ')).toMatch(/FAKETIME|LD_PRELOAD/);
  });

  it('slurmd killed: "slurmd not running"', async () => {
    await stopNode(root, 'n3');
    const { findings } = await doctor();
    expect(findings.map(([c]) => c)).toContain('slurmd_not_running');
    expect(findings.map(([c]) => c)).not.toContain('slurmctld_unreachable');
  });

  it('slurmd running but the controller unreachable from the node: "cannot reach slurmctld"', async () => {
    n3.blockController(CONTROLLER);
    const { findings, report } = await doctor();
    expect(findings).toEqual([['slurmctld_unreachable', 'error']]);
    expect(report.rows[0]?.detail?.findings[0]?.problem).toMatch(/10\.77\.0\.2:6817/);
  });

  it('slurm.conf changed by hand on the node: config drift', async () => {
    n3.driftConf();
    const { findings } = await doctor();
    expect(findings).toEqual([['config_drift', 'error']]);
  });
});
