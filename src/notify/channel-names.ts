import type { NotifySettings } from '../core/config.js';
import { SlurmdeckError } from '../core/errors.js';

/**
 * The channels a watch sends to: the ones named, else the configured defaults (an empty list
 * names none). An unknown name is refused before anything is stored or submitted.
 */
export function resolveChannelNames(
  settings: NotifySettings,
  named: readonly string[] | undefined,
): string[] {
  const channels = [...new Set(named ?? settings.defaultChannels)];
  const unknown = channels.filter((name) => settings.channels[name] === undefined);
  if (unknown.length === 0) return channels;
  const known = Object.keys(settings.channels);
  throw new SlurmdeckError(
    'CHANNEL_UNKNOWN',
    `no notification channel named ${unknown.map((n) => `"${n}"`).join(', ')}`,
    {
      hint: known.length
        ? `Configured channels: ${known.join(', ')}.`
        : 'Add one under notify.channels in the config (see the README section "Notifications").',
    },
  );
}
