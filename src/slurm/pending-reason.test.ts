import { describe, expect, it } from 'vitest';
import { explainReason } from './pending-reason.js';

describe('explainReason', () => {
  it.each([
    ['Resources', 'wait', /CPUs, GPUs or memory/],
    ['Priority', 'wait', /higher priority/],
    ['ReqNodeNotAvail, UnavailableNodes:n[1-3]', 'wait', /node it needs/],
    ['PartitionTimeLimit', 'change-request', /shorter --time/],
    ['AssocGrpGRES', 'wait', /group limit on GPUs \(GRES\) of your account/],
    ['QOSMaxGRESPerUser', 'wait', /per-user limit on GPUs \(GRES\) of its QOS/],
    ['QOSMaxCpuPerJobLimit', 'change-request', /more CPUs than its QOS allows per job/],
    ['QOSMaxWallDurationPerJobLimit', 'change-request', /more time than/],
    ['AssocMaxJobsLimit', 'wait', /running jobs/],
    ['DependencyNeverSatisfied', 'act', /never start/],
  ])('says %s in plain words', (reason, action, words) => {
    const explained = explainReason(reason);
    expect(explained?.action).toBe(action);
    expect(explained?.en).toMatch(words);
    expect(explained?.zh.length).toBeGreaterThan(4);
  });

  it('gives an unknown code back as it is, and nothing for no reason', () => {
    expect(explainReason('SomethingNew')).toEqual({
      code: 'SomethingNew',
      action: 'wait',
      en: 'SomethingNew',
      zh: 'SomethingNew',
    });
    expect(explainReason(undefined)).toBeUndefined();
  });
});
