import { describe, expect, it } from 'vitest';
import { SlurmdeckError } from '../../core/errors.js';
import type { Transport } from '../../transport/index.js';
import type { CopyRow } from './copy-store.js';
import { copyStatesOnHosts } from './data-copy.js';

const row = (id: string, cluster: string): CopyRow => ({
  id,
  cluster,
  source: '/a/',
  target: '/b/',
  startedAt: 0,
  rsyncArgs: [],
  parallel: 1,
});

// A host that answers the status script for the ids it is given: c1 done, the rest unmentioned.
const answering: Transport = {
  kind: 'ssh',
  target: 'u@up',
  close: async () => undefined,
  exec: async (argv) => ({
    argv,
    exitCode: 0,
    stdout: 'ID c1\nEXIT 0\nLOG \n',
    stderr: '',
    durationMs: 1,
  }),
};

describe('copyStatesOnHosts', () => {
  it('keeps the answers of hosts that answered when another cannot be asked', async () => {
    const states = await copyStatesOnHosts(
      [row('c1', 'up'), row('c2', 'down'), row('c3', 'up')],
      (cluster) => {
        if (cluster === 'down') {
          throw new SlurmdeckError('SSH_CONNECT_FAILED', 'ssh: connect to host x: timed out', {
            hint: 'Connect the VPN.',
          });
        }
        return answering;
      },
    );
    expect(states.map((s) => [s.id, s.phase])).toEqual([
      ['c1', 'done'],
      ['c2', 'unreachable'],
      ['c3', 'unreachable'],
    ]);
    expect(states[1]).toMatchObject({ hint: 'Connect the VPN.' });
    expect(states[1]?.meaning).toContain('timed out');
  });
});
