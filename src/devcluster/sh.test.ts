import { describe, expect, it } from 'vitest';
import { daemonEnv } from './sh.js';

describe('daemonEnv', () => {
  it("keeps the caller's environment but its SLURM_* (a client's SLURM_CONF is not the host's)", () => {
    const env = daemonEnv({
      PATH: '/usr/bin',
      SLURM_CONF: '/var/lib/slurmdeck-dev/client/slurm.conf',
      SLURM_TIME_FORMAT: 'relative',
      HOME: '/root',
    });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/root' });
  });
});
