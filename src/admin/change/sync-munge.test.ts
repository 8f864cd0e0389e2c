import { describe, expect, it } from 'vitest';
import { keepsOnlyMunge } from './sync-munge.js';

describe('keepsOnlyMunge', () => {
  it("locks down only munge's own folder, never /etc or Slurm's", () => {
    expect(keepsOnlyMunge('/etc/munge/munge.key')).toBe(true);
    expect(keepsOnlyMunge('/opt/site/munge/munge.key')).toBe(true);
    expect(keepsOnlyMunge('/etc/munge.key')).toBe(false);
    expect(keepsOnlyMunge('/etc/slurm/munge.key')).toBe(false);
    expect(keepsOnlyMunge('munge.key')).toBe(false);
  });
});
