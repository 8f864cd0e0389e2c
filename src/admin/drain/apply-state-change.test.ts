import { describe, expect, it } from 'vitest';
import { fakeAdmin } from '../../../test/helpers/admin-fakes.js';
import { applyStateChange } from './apply-state-change.js';
import { planStateChange } from './plan-state-change.js';

describe('applyStateChange', () => {
  it('waits after a resume until slurmctld sees the node answer, and reports it idle', async () => {
    const admin = fakeAdmin(
      [{ name: 'n1', long: 'drained', complete: 'IDLE+DRAIN', reason: 'slurmdeck: test' }],
      { pingReads: 2 },
    );
    const session = admin.open();
    const plan = planStateChange(await session.selectTargets({ hostlist: 'n1' }), {
      change: 'resume',
    });
    const rows = await applyStateChange(session.access.controller(), plan, { settleMs: 5000 });
    expect(rows).toMatchObject([
      { node: 'n1', outcome: 'changed', summary: 'drained -> idle', detail: { after: 'idle' } },
    ]);
    // One sinfo to pick the targets, two while not responding, then the settled one.
    expect(admin.ran('sinfo')).toHaveLength(4);
  });

  it('gives up waiting after settleMs and says what Slurm shows', async () => {
    const admin = fakeAdmin(
      [{ name: 'n1', long: 'drained', complete: 'IDLE+DRAIN', reason: 'slurmdeck: test' }],
      { pingReads: 100 },
    );
    const session = admin.open();
    const plan = planStateChange(await session.selectTargets({ hostlist: 'n1' }), {
      change: 'resume',
    });
    const rows = await applyStateChange(session.access.controller(), plan, { settleMs: 0 });
    expect(rows[0]).toMatchObject({ outcome: 'changed', summary: 'drained -> idle*' });
  });
});
