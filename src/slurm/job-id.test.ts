import { describe, expect, it } from 'vitest';
import { assertJobId, assertJobIds, isJobId } from './job-id.js';

describe('job ids', () => {
  it.each(['1', '123', '123_4', '123+1', '4294967294'])('accepts %j', (id) => {
    expect(isJobId(id)).toBe(true);
    expect(assertJobId(id)).toBe(id);
  });

  it.each([
    '',
    '0',
    '012',
    '123_',
    '123.batch',
    '123_[1-3]',
    '12 3',
    '123;rm -rf',
    '-1',
    'abc',
    '1+2_3',
  ])('refuses %j with INVALID_ARGUMENT', (id) => {
    expect(isJobId(id)).toBe(false);
    expect(() => assertJobId(id)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('accepts positive integers and refuses an empty list', () => {
    expect(assertJobId(42)).toBe('42');
    expect(() => assertJobId(-1)).toThrow(/not a Slurm job id/);
    expect(() => assertJobIds([])).toThrow(/no job ids/);
  });
});
