import { describe, expect, it } from 'vitest';
import { clusterSchema, type ClusterInput } from '../core/config.js';
import { isSlurmdeckError } from '../core/errors.js';
import { openClusterHandle, transportFor } from './open-cluster.js';

const cluster = (input: ClusterInput) => clusterSchema.parse(input);

describe('transportFor', () => {
  it.each<[string, ClusterInput, 'local' | 'ssh', string]>([
    ['a local cluster', { transport: 'local' }, 'local', 'local'],
    ['a login host by alias', { transport: 'ssh', host: 'hpc' }, 'ssh', 'hpc'],
    [
      'a login host with user and port',
      { transport: 'ssh', host: 'login.example.org', user: 'alice', port: 2222 },
      'ssh',
      'alice@login.example.org:2222',
    ],
    [
      'a login host with defaults and session settings beside the target',
      {
        transport: 'ssh',
        host: '10.77.0.10',
        user: 'sduser',
        defaults: { partition: 'gpu' },
        sessions: { srunDefaults: ['--container-image=x'] },
      },
      'ssh',
      'sduser@10.77.0.10',
    ],
  ])('opens %s over %s to %s', (_what, input, kind, target) => {
    const transport = transportFor(cluster(input));
    expect(transport.kind).toBe(kind);
    expect(transport.target).toBe(target);
  });

  it('refuses a host ssh would read as an option, before anything runs', () => {
    let error: unknown;
    try {
      transportFor(cluster({ transport: 'ssh', host: '-oProxyCommand=sh' }));
    } catch (e) {
      error = e;
    }
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});

describe('openClusterHandle', () => {
  it('gives the Slurm client the same transport, for a local cluster', () => {
    const handle = openClusterHandle('here', cluster({ transport: 'local' }));
    expect(handle).toMatchObject({ name: 'here', config: { transport: 'local' } });
    expect(handle.transport.kind).toBe('local');
    expect(handle.slurm.transport).toBe(handle.transport);
  });

  it('gives the Slurm client the ssh transport to the login host', () => {
    const config = cluster({ transport: 'ssh', host: 'login.example.org', user: 'alice' });
    const handle = openClusterHandle('hpc', config);
    expect(handle.name).toBe('hpc');
    expect(handle.config).toBe(config);
    expect(handle.transport.target).toBe('alice@login.example.org');
    expect(handle.slurm.transport).toBe(handle.transport);
  });

  it("hands the configured user to the Slurm client (it checks the name for 'mine')", () => {
    let error: unknown;
    try {
      openClusterHandle('hpc', cluster({ transport: 'ssh', host: 'h', user: 'a,b' }));
    } catch (e) {
      error = e;
    }
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toMatch(/not a valid user: "a,b"/);
  });
});

describe('a cluster whose Slurm comes from a setup', () => {
  it('runs every command after the setup, the Slurm client included', async () => {
    const handle = openClusterHandle(
      'moduled',
      cluster({ transport: 'local', setup: 'export SDECK_SETUP_SEEN=yes' }),
    );
    const result = await handle.transport.exec(['sh', '-c', 'echo "$SDECK_SETUP_SEEN"']);
    expect(result.stdout).toBe('yes\n');
  });

  it('keeps the setup out of the ssh target', () => {
    const transport = transportFor(
      cluster({ transport: 'ssh', host: 'hpc', setup: 'module load slurm' }),
    );
    expect(transport.target).toBe('hpc');
  });
});

describe('a site that says what to do when it cannot be reached', () => {
  it('puts its hint first when the login host does not answer', async () => {
    const handle = openClusterHandle(
      'pod',
      cluster({
        transport: 'ssh',
        host: '127.0.0.1',
        port: 9,
        unreachableHint: 'Off campus, connect the VPN first, then try again.',
      }),
    );
    await expect(handle.transport.exec(['true'])).rejects.toMatchObject({
      code: 'SSH_CONNECT_FAILED',
      hint: expect.stringMatching(/^Off campus, connect the VPN first/),
    });
  });
});
