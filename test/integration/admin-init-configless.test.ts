import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ChangeReport, DoctorReport } from '../../src/admin/index.js';
import { readState } from '../../src/devcluster/state.js';
import { runCli } from '../helpers/run-cli.js';
import { adminChangeCli } from './admin-change-helpers.js';
import { slurmAsRoot, waitNodeBack } from './admin-dev-node.js';

const root = inject('devRoot');
const CONF_SERVER = '10.77.0.2:6817';

/** The dev cluster's test config with `admin.configless: true`: bare nodes are run configless. */
function configlessConfig(): string {
  const config = parse(readFileSync(inject('configFile'), 'utf8')) as {
    clusters: { dev: { admin: Record<string, unknown> } };
  };
  config.clusters.dev.admin['configless'] = true;
  const file = join(mkdtempSync(join(tmpdir(), 'slurmdeck-configless-')), 'config.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

const cli = adminChangeCli(configlessConfig());
const devCli = (args: string[]) =>
  runCli(['dev-cluster', 'node', ...args], { ...process.env, SLURMDECK_DEV_ROOT: root }, 120_000);
const n4 = join(root, 'hosts', 'n4');
const ctlConf = () => readFileSync(join(root, 'hosts', 'ctl', 'etc-slurm', 'slurm.conf'), 'utf8');
const cached = join(n4, 'spool-slurmd', 'conf-cache', 'slurm.conf');
const json = <T>(stdout: string) => JSON.parse(stdout) as T;

afterAll(async () => {
  const removed = await devCli(['remove', 'n4']);
  expect(removed.code, removed.stderr).toBe(0);
}, 120_000);

describe('admin init of a bare host, configless', () => {
  it('copies no config, starts slurmd with --conf-server, a job runs there; a second init changes nothing', async () => {
    expect(ctlConf()).toMatch(/^SlurmctldParameters=enable_configless$/m);
    const added = await devCli(['add', 'n4']);
    expect(added.code, added.stderr).toBe(0);

    const dry = await cli.run(['init', 'n4', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const planned = json<ChangeReport>(dry.stdout).rows[0];
    expect(planned?.detail?.steps).toEqual(['write the key', 'start munged', 'start slurmd']);

    const init = await cli.run(['init', 'n4', '--yes', '--json'], 180_000);
    expect(init.code, init.stderr).toBe(0);
    const row = json<ChangeReport>(init.stdout).rows[0];
    expect(row).toMatchObject({ node: 'n4', outcome: 'changed' });
    expect(row?.detail?.requested).toContain(`--conf-server ${CONF_SERVER}`);
    for (const file of ['slurm.conf', 'gres.conf', 'cgroup.conf']) {
      expect(existsSync(join(n4, 'etc-slurm', file))).toBe(false);
    }
    const slurmd = readState(root)
      ?.hosts.find((h) => h.name === 'n4')
      ?.daemons.find((d) => d.name === 'slurmd');
    expect(slurmd?.confServer).toBe(CONF_SERVER);
    expect(readFileSync(`/proc/${slurmd?.pid}/cmdline`, 'utf8').split('\0')).toEqual(
      expect.arrayContaining(['--conf-server', CONF_SERVER]),
    );
    // What slurmd runs with came from slurmctld: the controller's file, byte for byte.
    expect(readFileSync(cached, 'utf8')).toBe(ctlConf());

    await waitNodeBack(root, 'n4', 60_000);
    expect(slurmAsRoot(root, ['srun', '-p', 'added', '-w', 'n4', '-N', '1', 'hostname'])).toBe(
      'n4',
    );

    const second = await cli.run(['init', 'n4']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(
      /^n4: ok: initialized: .*configless, config from 10\.77\.0\.2:6817/m,
    );
    expect(second.stdout).toMatch(/nothing to change$/m);
  }, 300_000);

  it('status and doctor see no config drift on it', async () => {
    const status = await cli.run(['status', 'n4', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const row = json<{
      rows: Array<{
        summary: string;
        detail?: { confMatches?: boolean; facts?: { conf?: { path: string; fetched: boolean } } };
      }>;
    }>(status.stdout).rows[0];
    expect(row?.summary).toBe('healthy');
    // What slurmd fetched from slurmctld, compared with the controller's file.
    expect(row?.detail?.confMatches).toBe(true);
    expect(row?.detail?.facts?.conf).toMatchObject({
      path: '/var/spool/slurmd/conf-cache/slurm.conf',
      fetched: true,
    });
    const doctor = await cli.run(['doctor', 'n4', '--json']);
    const findings = json<DoctorReport>(doctor.stdout).rows[0]?.detail?.findings ?? [];
    expect(findings.map((f) => f.code)).toEqual([]);
  }, 60_000);

  it('sync-conf writes nothing to it; a config slurmd does not hold is sent by scontrol reconfigure', async () => {
    const same = await cli.run(['sync-conf', 'n[1-4]', '--json']);
    expect(same.code, same.stderr).toBe(0);
    const rows = json<ChangeReport>(same.stdout).rows;
    expect(rows.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(rows[3]?.summary).toMatch(/^configless/);

    // As if slurmctld's config changed since slurmd fetched it.
    writeFileSync(cached, `${ctlConf()}# older\n`);
    const synced = await cli.run(['sync-conf', 'n[1-4]', '--yes', '--json']);
    expect(synced.code, synced.stderr).toBe(0);
    const report = json<ChangeReport>(synced.stdout);
    expect(report.rows.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok', 'changed']);
    expect(report.rows[3]?.summary).toMatch(/scontrol reconfigure \(configless/);
    expect(report.notes.join('\n')).toMatch(/scontrol reconfigure/);
    expect(existsSync(join(n4, 'etc-slurm', 'slurm.conf'))).toBe(false);
    const deadline = Date.now() + 30_000;
    while (readFileSync(cached, 'utf8') !== ctlConf() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(readFileSync(cached, 'utf8')).toBe(ctlConf());
    const again = await cli.run(['sync-conf', 'n[1-4]']);
    expect(again.stdout).toMatch(/nothing to change$/m);
  }, 120_000);

  it('admin restart slurmd keeps it configless: the service is told --conf-server once, for good', async () => {
    const before = readState(root)
      ?.hosts.find((h) => h.name === 'n4')
      ?.daemons.find((d) => d.name === 'slurmd');
    const restarted = await cli.run(['restart', 'slurmd', 'n4', '--yes']);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.stdout).toMatch(/^n4: changed: slurmd restarted; registered/m);
    const after = readState(root)
      ?.hosts.find((h) => h.name === 'n4')
      ?.daemons.find((d) => d.name === 'slurmd');
    expect(after?.pid).not.toBe(before?.pid);
    expect(readFileSync(`/proc/${after?.pid}/cmdline`, 'utf8').split('\0')).toEqual(
      expect.arrayContaining(['--conf-server', CONF_SERVER]),
    );
    expect(existsSync(join(n4, 'etc-slurm', 'slurm.conf'))).toBe(false);
  }, 120_000);
});
