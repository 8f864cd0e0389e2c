import { describe, expect, it } from 'vitest';
import { SERVE_CONFIG, slurmConf } from './config-files.js';
import { planCluster } from './layout.js';

const layout = planCluster('/var/lib/slurmdeck-test', 3);

describe("the dev cluster's slurm.conf", () => {
  it('serves its config to configless nodes', () => {
    expect(slurmConf(layout).split('\n')).toContain(SERVE_CONFIG);
    expect(slurmConf(layout, '/tmp/munge.socket.2').split('\n')).toContain(SERVE_CONFIG);
  });

  it('is the file an earlier slurmdeck wrote without the line, for the fingerprint: a cluster up from before is not rebuilt', () => {
    const before = slurmConf(layout)
      .split('\n')
      .filter((l) => l !== SERVE_CONFIG)
      .join('\n');
    expect(slurmConf(layout, undefined, false)).toBe(before);
  });
});
