import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalTransport } from '../../transport/local.js';
import type { AdminAccess } from '../access/admin-access.js';
import { controllerLayout } from './controller-source.js';

describe("the controller's layout, read by the real script under sh", () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-layout-'));
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=x',
      'SlurmctldHost=ctl1(10.0.0.1)',
      'Include nodes.conf',
      `include ${dir}/ctl*.conf`,
      'AuthType=auth/munge',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'nodes.conf'), 'NodeName=n[1-4] CPUs=4\n');
  writeFileSync(join(dir, 'ctl-backup.conf'), 'SlurmctldHost=ctl2(10.0.0.2)\nSlurmctldPort=6820\n');
  const before = process.env['SLURM_CONF'];
  process.env['SLURM_CONF'] = conf;
  afterAll(() => {
    if (before === undefined) delete process.env['SLURM_CONF'];
    else process.env['SLURM_CONF'] = before;
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows Include lines (relative, absolute, a glob) for its settings and files', async () => {
    const access = { controller: () => createLocalTransport() } as unknown as AdminAccess;
    const layout = await controllerLayout(access);
    expect(layout.confPath).toBe(conf);
    expect(layout.includes).toEqual([join(dir, 'nodes.conf'), join(dir, 'ctl-backup.conf')]);
    // The backup controller and the port come from an included file.
    expect(layout.confServer).toBe('10.0.0.1:6820,10.0.0.2:6820');
  });
});
