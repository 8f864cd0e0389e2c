import { describe, expect, it } from 'vitest';
import { configSchema } from '../core/config.js';
import { checkSiteSubmit } from './submit-check.js';

const config = configSchema.parse({
  sites: { pod: { profile: 'hkust-superpod', user: 'bob' }, sjtu: { user: 'alice' } },
});

describe('checkSiteSubmit', () => {
  // Tuesday 2026-12-01 23:00 in Hong Kong; maintenance is Wednesday 10:00-12:00 there.
  const tuesdayNight = new Date('2026-12-01T15:00:00Z');

  it('warns when the time limit runs into the weekly maintenance, in the site’s time', () => {
    const check = checkSiteSubmit(
      config,
      'pod',
      { partition: 'normal', timeLimitS: 12 * 3600 },
      tuesdayNight,
    );
    expect(check.maintenance).toHaveLength(1);
    expect(check.maintenance[0]).toContain(
      'Wed 2 Dec, 10:00 - Wed 2 Dec, 12:00, Asia/Hong_Kong: weekly maintenance',
    );
    expect(
      checkSiteSubmit(config, 'pod', { timeLimitS: 8 * 3600 }, tuesdayNight).maintenance,
    ).toEqual([]);
  });

  it('names cold storage use with the copy that fixes it', () => {
    const check = checkSiteSubmit(config, 'sjtu', {
      partition: 'cpu',
      chdir: '/vault/home/acct/alice/run',
    });
    expect(check.coldStorage[0]).toContain(
      'data copy /vault/home/acct/alice/run /lustre/home/acct/alice/run',
    );
  });
});
