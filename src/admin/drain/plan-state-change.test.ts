import { describe, expect, it } from 'vitest';
import { parseNodeState } from '../../slurm/node-state.js';
import type { Target } from '../targets/resolve-targets.js';
import { describePlan, planStateChange } from './plan-state-change.js';

/** A target as sinfo shows it: StateLong, StateComplete and the reason. */
function node(name: string, long: string, complete: string, reason?: string): Target {
  const parsed = parseNodeState(long, complete);
  return {
    name,
    address: name,
    slurm: {
      name,
      address: name,
      state: parsed.state,
      stateRaw: long,
      flags: parsed.flags,
      responding: parsed.responding,
      reason,
      version: '22.05.8',
    },
  };
}

const outcomes = (plan: ReturnType<typeof planStateChange>) =>
  plan.rows.map((r) => [r.node, r.outcome]);

describe('planStateChange: drain', () => {
  it('drains idle and busy nodes with a slurmdeck: reason, and leaves drained ones as they are', () => {
    const plan = planStateChange(
      [
        node('n1', 'idle', 'IDLE'),
        node('n2', 'mixed', 'MIXED'),
        node('n3', 'drained', 'IDLE+DRAIN', 'bad fan'),
        { name: 'nosuch', address: 'nosuch', slurm: undefined },
      ],
      { change: 'drain', reason: 'disk check' },
    );
    expect(plan.reason).toBe('slurmdeck: disk check');
    expect(plan.changing).toEqual(['n1', 'n2']);
    expect(outcomes(plan)).toEqual([
      ['n1', 'planned'],
      ['n2', 'planned'],
      ['n3', 'ok'],
      ['nosuch', 'failed'],
    ]);
    expect(plan.rows[2]?.summary).toMatch(/already drained \("bad fan"\): left as it is/);
    expect(plan.rows[0]?.detail).toEqual({
      before: 'idle',
      reasonBefore: undefined,
      requested: 'drain: slurmdeck: disk check',
    });
  });

  it('does not prefix twice, and refuses an empty or multi-line reason', () => {
    const plan = planStateChange([node('n1', 'idle', 'IDLE')], {
      change: 'drain',
      reason: 'slurmdeck: again',
    });
    expect(plan.reason).toBe('slurmdeck: again');
    for (const reason of [undefined, '  ', 'slurmdeck:', 'two\nlines']) {
      expect(() =>
        planStateChange([node('n1', 'idle', 'IDLE')], {
          change: 'drain',
          ...(reason === undefined ? {} : { reason }),
        }),
      ).toThrow(/a drain needs a reason/);
    }
  });
});

describe('planStateChange: resume', () => {
  const targets = [
    node('n1', 'drained', 'IDLE+DRAIN', 'slurmdeck: disk check'),
    node('n2', 'drained', 'IDLE+DRAIN', 'bad fan, ticket 42'),
    node('n3', 'down*', 'DOWN+NOT_RESPONDING', 'Not responding'),
    node('n4', 'idle', 'IDLE'),
    node('n5', 'drained@', 'IDLE+DRAIN+REBOOT_REQUESTED', 'slurmdeck: reboot'),
    node('n6', 'down', 'DOWN', 'maintenance window'),
  ];

  it('lifts what slurmdeck drained and what Slurm marked down, never an admin drain', () => {
    const plan = planStateChange(targets, { change: 'resume' });
    expect(outcomes(plan)).toEqual([
      ['n1', 'planned'],
      ['n2', 'failed'],
      ['n3', 'planned'],
      ['n4', 'ok'],
      ['n5', 'failed'],
      ['n6', 'failed'],
    ]);
    expect(plan.rows[1]?.summary).toMatch(
      /by an admin with their own reason "bad fan, ticket 42": left alone; force/,
    );
    expect(plan.rows[4]?.summary).toMatch(/a reboot is pending/);
    expect(describePlan(plan, 'dev')).toMatch(/^Resume 2 node\(s\) on cluster dev/);
  });

  it('with force, resumes admin drains and pending reboots too', () => {
    const plan = planStateChange(targets, { change: 'resume', force: true });
    expect(plan.changing).toEqual(['n1', 'n2', 'n3', 'n5', 'n6']);
  });
});
