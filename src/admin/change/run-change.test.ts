import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../../audit/index.js';
import { SlurmdeckError } from '../../core/errors.js';
import { openDatabase } from '../../store/index.js';
import type { Target } from '../targets/resolve-targets.js';
import { runChange, type ChangeOperation, type NodePlan } from './run-change.js';

const targets: Target[] = ['n1', 'n2', 'n3'].map((name) => ({
  name,
  address: name,
  slurm: undefined,
}));

/** n1 is fine, n2 needs a write, n3 cannot be read; `applied` records what was changed. */
function operation(applied: string[], failOn?: string): ChangeOperation<NodePlan> {
  return {
    action: 'admin.sync-conf',
    async inspect(target) {
      if (target.name === 'n3') throw new SlurmdeckError('SSH_CONNECT_FAILED', 'no route');
      const needs = target.name === 'n2';
      return {
        target,
        steps: needs ? ['write slurm.conf'] : [],
        before: needs ? 'sha256:old' : 'sha256:new',
        requested: 'sha256:new',
        fine: "already the controller's",
      };
    },
    async apply(plan) {
      if (plan.target.name === failOn) throw new SlurmdeckError('SLURM_REJECTED', 'disk full');
      applied.push(plan.target.name);
      return { after: 'sha256:new', summary: 'written' };
    },
  };
}

const audit = () => createAuditLog(openDatabase({ file: ':memory:' }));

describe('runChange: inspect, ask once, change, audit', () => {
  it('asks once for the nodes that need a change, changes only those, and audits each with before/requested/after', async () => {
    const applied: string[] = [];
    const asked: string[][] = [];
    const log = audit();
    const report = await runChange(operation(applied), targets, {
      confirm: async (plans) => {
        asked.push(plans.map((p) => p.target.name));
        return 'yes-flag';
      },
      audit: { log, cluster: 'dev', actor: 'alice' },
    });
    expect(asked).toEqual([['n2']]);
    expect(applied).toEqual(['n2']);
    expect(report.rows.map((r) => [r.node, r.outcome])).toEqual([
      ['n1', 'ok'],
      ['n2', 'changed'],
      ['n3', 'failed'],
    ]);
    expect(log.entries()).toMatchObject([
      {
        action: 'admin.sync-conf',
        actor: 'alice',
        target: { node: 'n2', before: 'sha256:old', requested: 'sha256:new', after: 'sha256:new' },
        confirmedVia: 'yes-flag',
        outcome: 'done',
      },
    ]);
  });

  it('does not ask when nothing is to be done', async () => {
    const report = await runChange(operation([]), targets.slice(0, 1), {
      confirm: () => Promise.reject(new Error('asked')),
    });
    expect(report.rows).toMatchObject([{ node: 'n1', outcome: 'ok' }]);
  });

  it('a dry run and a "no" change nothing and audit nothing', async () => {
    for (const options of [{ dryRun: true }, {}]) {
      const applied: string[] = [];
      const log = audit();
      const report = await runChange(operation(applied), targets.slice(0, 2), {
        ...options,
        confirm: async () => undefined,
        audit: { log, cluster: 'dev' },
      });
      expect(applied).toEqual([]);
      expect(log.entries()).toEqual([]);
      expect(report.rows[1]).toMatchObject({
        outcome: 'planned',
        summary: 'would write slurm.conf',
      });
      expect(report.declined).toBe(!options.dryRun);
    }
  });

  it('a failed change is a failed row and a failed audit entry', async () => {
    const log = audit();
    const report = await runChange(operation([], 'n2'), targets.slice(0, 2), {
      confirm: async () => 'prompt',
      audit: { log, cluster: 'dev' },
    });
    expect(report.rows[1]).toMatchObject({ outcome: 'failed', summary: 'disk full' });
    expect(log.entries()[0]).toMatchObject({
      outcome: 'failed: SLURM_REJECTED',
      target: { after: '?' },
    });
  });
});
