import { describe, expect, it } from 'vitest';
import { CONF_SERVER_UNIT, confServerUnit } from './conf-server-unit.js';

describe("a configless node's slurmd unit drop-in", () => {
  it('gives SLURMD_OPTIONS --conf-server and lifts the unit condition on a local slurm.conf', () => {
    const { wanted, content } = confServerUnit('10.77.0.2:6817');
    const text = Buffer.from(content.stdin(), 'base64').toString('utf8');
    expect(wanted).toMatchObject({ path: CONF_SERVER_UNIT, owner: 'root', mode: '644' });
    expect(wanted.sha256).toBe(content.sha256);
    expect(text).toMatch(/^\[Unit\]\nConditionPathExists=\n/m);
    expect(text).toMatch(
      /^EnvironmentFile=\nEnvironment="SLURMD_OPTIONS=--conf-server 10\.77\.0\.2:6817"$/m,
    );
  });

  it('is the same bytes for the same controller, so a second init writes nothing', () => {
    expect(confServerUnit('ctl:6817').wanted.sha256).toBe(confServerUnit('ctl:6817').wanted.sha256);
    expect(confServerUnit('ctl:6817').wanted.sha256).not.toBe(
      confServerUnit('ctl:6818').wanted.sha256,
    );
  });
});
