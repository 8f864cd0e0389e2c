import { describe, expect, it } from 'vitest';
import { updateNodesArgv } from './update-nodes.js';

describe('updateNodesArgv', () => {
  it('drains every node in one scontrol call, the reason one argv element', () => {
    expect(
      updateNodesArgv(['n1', 'n3'], { state: 'DRAIN', reason: 'slurmdeck: disk check; ok?' }),
    ).toEqual([
      'scontrol',
      'update',
      'NodeName=n1,n3',
      'State=DRAIN',
      'Reason=slurmdeck: disk check; ok?',
    ]);
  });

  it('resumes without a reason', () => {
    expect(updateNodesArgv(['gpu01'], { state: 'RESUME' })).toEqual([
      'scontrol',
      'update',
      'NodeName=gpu01',
      'State=RESUME',
    ]);
  });

  it.each([
    [[], { state: 'RESUME' as const }, /no nodes/],
    [['n1 State=DOWN'], { state: 'RESUME' as const }, /not a valid node name/],
    [['-n1'], { state: 'RESUME' as const }, /not a valid node name/],
    [['n1'], { state: 'DRAIN' as const, reason: 'a\nState=DOWN' }, /invalid reason/],
    [['n1'], { state: 'DRAIN' as const, reason: '' }, /invalid reason/],
    [['n1'], { state: 'DRAIN' as const, reason: 'x'.repeat(201) }, /invalid reason/],
  ])('refuses %j %j before running anything', (nodes, update, message) => {
    expect(() => updateNodesArgv(nodes, update)).toThrow(message);
  });
});
