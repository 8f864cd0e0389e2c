import { describe, expect, it } from 'vitest';
import { resolveChannelNames } from './channel-names.js';

const settings = {
  channels: { phone: 'ntfy://ntfy.sh/x', lab: 'slack://@hook' },
  defaultChannels: ['phone'],
  language: 'en' as const,
  maxAttempts: 8,
};

describe('resolveChannelNames', () => {
  it('takes the defaults when none are named, and none when an empty list is', () => {
    expect(resolveChannelNames(settings, undefined)).toEqual(['phone']);
    expect(resolveChannelNames(settings, [])).toEqual([]);
    expect(resolveChannelNames(settings, ['lab', 'lab'])).toEqual(['lab']);
  });

  it('refuses an unknown name and lists the configured ones', () => {
    expect(() => resolveChannelNames(settings, ['phnoe'])).toThrow(
      /no notification channel named "phnoe"/,
    );
  });
});
