import { describe, expect, it } from 'vitest';
import { siteProfile } from './profiles.js';
import { checkSiteReach } from './reach-check.js';

describe('checkSiteReach', () => {
  it('probes each host once with all it is for, and gives the advice when the address is down', async () => {
    const probed: string[] = [];
    const check = await checkSiteReach(
      'hkust-superpod',
      siteProfile('hkust-superpod').profile,
      async (host, port) => {
        probed.push(`${host}:${port}`);
        return { host, port, reachable: false, error: 'ETIMEDOUT' };
      },
    );
    expect(probed).toEqual(['superpod.ust.hk:22']);
    expect(check.hosts[0]?.roles).toEqual(['reachability', 'superpod job']);
    expect(check.hint).toContain('VPN');
  });

  it('lists every group’s job and data nodes', async () => {
    const check = await checkSiteReach('sjtu', siteProfile('sjtu').profile, async (host, port) => ({
      host,
      port,
      reachable: true,
      ms: 1,
    }));
    expect(check.hosts.map((h) => h.host)).toContain('sydata.hpc.sjtu.edu.cn');
    expect(check.hosts.find((h) => h.host === 'pilogin.hpc.sjtu.edu.cn')?.roles).toEqual([
      'pi job',
    ]);
    expect(check.hint).toBeUndefined();
  });
});
