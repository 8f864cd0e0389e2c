import { describe, expect, it } from 'vitest';
import type { Transport } from '../../transport/index.js';
import type { AdminAccess } from '../access/admin-access.js';
import { resumeIfStillAllowed } from './resume-node.js';

const line = (state: string, complete: string, reason: string) =>
  ['n2', '10.77.0.12', state, complete, '22.05.8', reason].join('\x1f');

/** A controller whose sinfo shows n2 as given, recording every command. */
function controllerWith(sinfo: string) {
  const commands: string[][] = [];
  const transport: Transport = {
    kind: 'ssh',
    target: 'root@ctl',
    close: async () => undefined,
    exec: async (argv) => {
      commands.push([...argv]);
      return {
        argv,
        exitCode: 0,
        stdout: argv[0] === 'sinfo' ? `${sinfo}\n` : '',
        stderr: '',
        durationMs: 1,
      };
    },
  };
  const access = { controller: () => transport } as unknown as AdminAccess;
  return { access, commands };
}

describe('resumeIfStillAllowed', () => {
  it('leaves alone a drain an admin set after the plan was made', async () => {
    const { access, commands } = controllerWith(line('drained', 'idle+drain', 'bad DIMM'));
    expect(await resumeIfStillAllowed(access, 'n2', false)).toMatch(
      /^resume skipped: .*own reason "bad DIMM"/,
    );
    expect(commands.map((c) => c[0])).toEqual(['sinfo']);
  });

  it('resumes what slurmdeck drained, in one scontrol update', async () => {
    const { access, commands } = controllerWith(line('drained', 'idle+drain', 'slurmdeck: test'));
    expect(await resumeIfStillAllowed(access, 'n2', false)).toBe('resumed');
    expect(commands.at(-1)).toEqual(['scontrol', 'update', 'NodeName=n2', 'State=RESUME']);
  });

  it('does nothing for a node back in service by itself', async () => {
    const { access, commands } = controllerWith(line('idle', 'idle', 'none'));
    expect(await resumeIfStillAllowed(access, 'n2', false)).toBe('back in service by itself');
    expect(commands).toHaveLength(1);
  });
});
