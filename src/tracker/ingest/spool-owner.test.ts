import { describe, expect, it } from 'vitest';
import { spoolInitRefusal } from './spool-owner.js';

const owner = { cluster: 'dev', jobId: '42' };
const stored = (jobId: string, status: 'running' | 'finished', cluster = 'dev') => ({
  jobId,
  status,
  cluster,
});

describe('spoolInitRefusal', () => {
  it("applies a run of the folder's job, a task of it, or one with no job named", () => {
    expect(spoolInitRefusal({ run: 'r', job_id: '42' }, 'r', owner, undefined)).toBeUndefined();
    expect(spoolInitRefusal({ run: 'r', job_id: '42_3' }, 'r', owner, undefined)).toBeUndefined();
    expect(spoolInitRefusal({ run: 'r' }, 'r', owner, undefined)).toBeUndefined();
    expect(spoolInitRefusal({ run: 'r' }, 'r', owner, stored('42', 'running'))).toBeUndefined();
  });

  it('continues an ended run of the same cluster, as a job token may', () => {
    expect(spoolInitRefusal({ run: 'r' }, 'r', owner, stored('7', 'finished'))).toBeUndefined();
  });

  it("refuses another folder's run, another job, and a run another job is still writing", () => {
    expect(spoolInitRefusal({ run: 'x' }, 'r', owner, undefined)).toMatch(/names run x/);
    expect(spoolInitRefusal({ run: 'r', cluster: 'hpc' }, 'r', owner, undefined)).toMatch(
      /names cluster hpc, but it was read on dev/,
    );
    expect(spoolInitRefusal({ run: 'r', job_id: '43' }, 'r', owner, undefined)).toMatch(
      /names job 43/,
    );
    expect(spoolInitRefusal({ run: 'r' }, 'r', owner, stored('7', 'running'))).toMatch(
      /job 7's on dev, still running/,
    );
    expect(spoolInitRefusal({ run: 'r' }, 'r', owner, stored('7', 'finished', 'other'))).toMatch(
      /job 7's on other/,
    );
  });
});
