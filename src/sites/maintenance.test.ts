import { describe, expect, it } from 'vitest';
import { maintenanceClash } from './maintenance.js';

const superpod = {
  timezone: 'Asia/Hong_Kong',
  maintenance: [{ weekly: 'Wed' as const, from: '10:00', to: '12:00' }],
};

describe('maintenanceClash', () => {
  // 2026-12-02 is a Wednesday; 10:00 in Hong Kong (UTC+8) is 02:00 UTC.
  it('finds the window a job would run into, in the site’s zone', () => {
    const clash = maintenanceClash(superpod, new Date('2026-12-02T01:00:00Z'), 120);
    expect(clash?.starts.toISOString()).toBe('2026-12-02T02:00:00.000Z');
    expect(clash?.ends.toISOString()).toBe('2026-12-02T04:00:00.000Z');
  });

  it('is quiet when the work ends before the window or starts after it', () => {
    expect(maintenanceClash(superpod, new Date('2026-12-02T00:00:00Z'), 120)).toBeUndefined();
    expect(maintenanceClash(superpod, new Date('2026-12-02T04:00:00Z'), 60 * 24)).toBeUndefined();
  });

  it('sees a window days ahead for a long job, and one already under way', () => {
    const week = maintenanceClash(superpod, new Date('2026-12-03T00:00:00Z'), 7 * 24 * 60);
    expect(week?.starts.toISOString()).toBe('2026-12-09T02:00:00.000Z');
    const during = maintenanceClash(superpod, new Date('2026-12-02T03:00:00Z'), 5);
    expect(during?.starts.toISOString()).toBe('2026-12-02T02:00:00.000Z');
  });

  it('follows daylight saving time', () => {
    const berlin = {
      timezone: 'Europe/Berlin',
      maintenance: [{ weekly: 'Sun' as const, from: '10:00', to: '11:00' }],
    };
    // Summer (UTC+2) and winter (UTC+1).
    expect(
      maintenanceClash(berlin, new Date('2026-07-05T07:00:00Z'), 120)?.starts.toISOString(),
    ).toBe('2026-07-05T08:00:00.000Z');
    expect(
      maintenanceClash(berlin, new Date('2026-12-06T08:00:00Z'), 120)?.starts.toISOString(),
    ).toBe('2026-12-06T09:00:00.000Z');
  });
});
