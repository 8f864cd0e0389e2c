import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compressHostlist } from '../../src/admin/index.js';
import { adminCli } from './admin-dev-node.js';

const configFile = inject('configFile');
const root = inject('devRoot');

interface StatusJson {
  controller: { host: string; slurmctldAddress: string; slurmctldPort: number; keySha256: string };
  rows: Array<{
    node: string;
    outcome: string;
    summary: string;
    detail?: {
      address: string;
      munged: { running: boolean; pid: number; uptimeS: number; version: string };
      slurmd: { running: boolean; version: string };
      slurm: { stateRaw: string };
      keyMatches: boolean;
      confMatches: boolean;
      clock: { offsetS: number };
      controllerPort: { open: boolean };
      crossDecode: { ok: boolean };
    };
  }>;
}

describe('slurmdeck admin status on the dev cluster (root ssh to ctl and the compute hosts)', () => {
  it('reads every node in one round trip each: daemons, checksums, clock, port, cross-host decode', async () => {
    const { code, stdout, stderr } = await adminCli(configFile, ['status', '--all', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as StatusJson;
    expect(report.controller).toMatchObject({
      host: 'ctl',
      slurmctldAddress: '10.77.0.2',
      slurmctldPort: 6817,
    });
    expect(JSON.stringify(report)).not.toMatch(/MUNGE:/);
    expect(report.rows.map((r) => r.node)).toEqual(['n1', 'n2', 'n3']);
    for (const row of report.rows) {
      expect(row.outcome).toBe('ok');
      expect(row.summary).toBe('healthy');
      expect(row.detail).toMatchObject({
        munged: { running: true, version: expect.stringMatching(/^munge-0\.5/) },
        slurmd: { running: true, version: expect.stringMatching(/22\.05/) },
        keyMatches: true,
        confMatches: true,
        controllerPort: { open: true },
        crossDecode: { ok: true },
      });
      expect(Math.abs(row.detail?.clock.offsetS ?? 99)).toBeLessThan(5);
    }
    // Each host's own daemons, not another namespace's: three different munged pids.
    expect(new Set(report.rows.map((r) => r.detail?.munged.pid)).size).toBe(3);
  });

  it("reads slurm.key beside slurm.conf where there is one (auth/slurm's secret): checksums only", async () => {
    const secret = randomBytes(32);
    const put = (host: string, content: Buffer) => {
      const file = join(root, 'hosts', host, 'etc-slurm', 'slurm.key');
      writeFileSync(file, content, { mode: 0o600 });
      return file;
    };
    const files = [put('ctl', secret), put('n1', secret), put('n2', randomBytes(32))];
    try {
      const { code, stdout } = await adminCli(configFile, ['status', 'n[1-3]', '--json']);
      expect(code).toBe(0);
      expect(stdout).not.toContain(secret.toString('base64'));
      expect(stdout).not.toContain(secret.toString('hex'));
      const report = JSON.parse(stdout) as {
        controller: { slurmKeySha256: string };
        rows: Array<{ detail: { facts: { slurmKey?: { sha256: string; mode: string } } } }>;
      };
      const sha = createHash('sha256').update(secret).digest('hex');
      expect(report.controller.slurmKeySha256).toBe(sha);
      const keys = report.rows.map((r) => r.detail.facts.slurmKey);
      expect(keys[0]).toMatchObject({ sha256: sha, mode: '600' });
      expect(keys[1]?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(keys[1]?.sha256).not.toBe(sha);
      expect(keys[2]).toBeUndefined();
    } finally {
      for (const file of files) rmSync(file, { force: true });
    }
  });

  it('prints a table, and takes targets in hostlist syntax', async () => {
    const { code, stdout } = await adminCli(configFile, ['status', 'n[1-2]']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^controller ctl: slurm-wlm 22\.05\.\d+ up .* at 10\.77\.0\.2:6817/);
    expect(stdout).toMatch(/^NODE\s+SLURM\s+MUNGED\s+SLURMD\s+KEY\s+CONF\s+CLOCK\s+PORT\s+DECODE/m);
    expect(stdout).toMatch(/^n1\s+\S+\s+up \S+\s+up \S+\s+same\s+same\s+[+-]\d+\.\ds\s+open\s+ok/m);
    expect(stdout).not.toMatch(/^n3/m);
    expect(compressHostlist(stdout.match(/^n\d/gm) ?? [])).toBe('n[1-2]');
  });

  it('--dry-run names each node and the ssh it would use, and contacts no node', async () => {
    const { code, stdout } = await adminCli(configFile, ['status', '--all', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      'n1: read facts (one round trip, changes nothing) over ssh root@10.77.0.11',
      'n2: read facts (one round trip, changes nothing) over ssh root@10.77.0.12',
      'n3: read facts (one round trip, changes nothing) over ssh root@10.77.0.13',
    ]);
  });

  it('refuses a bad hostlist before contacting anything, and reports an unknown host per row', async () => {
    const bad = await adminCli(configFile, ['status', 'n[1-']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/INVALID_ARGUMENT: hostlist "n\[1-": a "\[" is never closed/);
    const unknown = await adminCli(configFile, ['doctor', 'n1,nosuchnode', '--json']);
    expect(unknown.code).toBe(1);
    const rows = (JSON.parse(unknown.stdout) as StatusJson).rows;
    expect(rows.map((r) => [r.node, r.outcome])).toEqual([
      ['n1', 'ok'],
      ['nosuchnode', 'failed'],
    ]);
    expect(rows[1]?.summary).toMatch(
      /not a node of this cluster, and ssh to root@nosuchnode failed/,
    );
  });

  it('still reads the nodes when the controller cannot be reached, and says so', async () => {
    const config = parse(readFileSync(configFile, 'utf8')) as {
      clusters: { dev: { admin: { controller: { port: number } } } };
    };
    // Nothing listens on port 1 of the controller host: connection refused.
    config.clusters.dev.admin.controller.port = 1;
    const file = join(mkdtempSync(join(tmpdir(), 'sd-admin-')), 'config.yaml');
    writeFileSync(file, stringify(config), { mode: 0o600 });
    const { code, stdout } = await adminCli(file, ['status', 'n1', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as StatusJson & {
      controllerError: { code: string; message: string };
    };
    expect(report.controller).toBeUndefined();
    expect(report.controllerError.code).toBe('SSH_CONNECT_FAILED');
    expect(report.rows[0]).toMatchObject({
      node: 'n1',
      outcome: 'ok',
      detail: { munged: { running: true } },
    });
    // Nothing to compare with: unknown, not "differs".
    expect(report.rows[0]?.detail).not.toHaveProperty('keyMatches');
    expect(report.rows[0]?.detail).not.toHaveProperty('crossDecode');
    const table = await adminCli(file, ['status', 'n1']);
    expect(table.stdout).toMatch(
      /^controller: not reachable\n {2}ssh to root@10\.77\.0\.2:1 failed/,
    );
  });
});
