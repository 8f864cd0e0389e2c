import { describe, expect, it } from 'vitest';
import { parseNodeState } from '../../slurm/node-state.js';
import type { InventoryNode } from '../targets/node-inventory.js';
import { resumeVerdict } from './resume-policy.js';

/** A node as sinfo reports it: StateLong, StateComplete and the reason. */
function node(long: string, complete: string, reason?: string): InventoryNode {
  const state = parseNodeState(long, complete);
  return {
    name: 'n1',
    address: 'n1',
    state: state.state,
    stateRaw: long,
    flags: state.flags,
    responding: state.responding,
    reason,
    version: '22.05.8',
  };
}

describe('resumeVerdict: which nodes recover may put back in service', () => {
  it.each([
    ['down*', 'DOWN+NOT_RESPONDING', 'Not responding', true],
    ['down', 'DOWN', 'Node unexpectedly rebooted', true],
    ['drained', 'IDLE+DRAIN', 'slurmdeck: munged restarted', true],
    ['draining', 'MIXED+DRAIN', 'slurmdeck: check', true],
    ['drained', 'IDLE+DRAIN', 'disk check by Alice', false],
    ['drained', 'IDLE+DRAIN', 'Not responding', false],
    ['down', 'DOWN', 'bad DIMM', false],
    ['down@', 'DOWN+REBOOT_REQUESTED', 'Not responding', false],
    ['drained@', 'IDLE+DRAIN+REBOOT_REQUESTED', 'slurmdeck: x', false],
  ])('%s (%s) "%s": resume %s', (long, complete, reason, resume) => {
    expect(resumeVerdict(node(long, complete, reason)).resume).toBe(resume);
  });

  it('resumes an admin drain or a pending reboot only with --force for that node', () => {
    expect(resumeVerdict(node('drained', 'IDLE+DRAIN', 'disk check'), true).resume).toBe(true);
    expect(resumeVerdict(node('down@', 'DOWN+REBOOT_REQUESTED', 'x'), true).resume).toBe(true);
  });

  it('leaves a node in service alone: idle* returns by itself once slurmd registers', () => {
    expect(resumeVerdict(node('idle*', 'IDLE+NOT_RESPONDING'))).toMatchObject({
      resume: false,
      inService: true,
    });
    expect(resumeVerdict(node('idle', 'IDLE'))).toMatchObject({ resume: false, inService: true });
  });
});
