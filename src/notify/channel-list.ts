import type { NotifySettings } from '../core/config.js';
import { displaySpec, type ChannelKind } from './channel-spec.js';
import type { Credentials } from './credentials.js';
import { createRedactor } from './redact.js';
import { resolveChannel } from './resolve-channel.js';

/** A configured channel as `slurmdeck notify channels` shows it: no secret, and what is wrong. */
export interface ChannelInfo {
  name: string;
  kind: ChannelKind | undefined;
  /** The spec with inline secrets masked; `@name` references shown. */
  spec: string;
  isDefault: boolean;
  /** Why it cannot send (bad spec, missing credential), or undefined when it is ready. */
  problem: string | undefined;
}

/** Every configured channel, each checked by resolving it against the credentials. */
export function describeChannels(
  settings: NotifySettings,
  credentials: Credentials,
): ChannelInfo[] {
  const redact = createRedactor(credentials.values());
  return Object.entries(settings.channels).map(([name, spec]) => {
    const isDefault = settings.defaultChannels.includes(name);
    try {
      const channel = resolveChannel(name, spec, credentials);
      return { name, kind: channel.kind, spec: channel.display, isDefault, problem: undefined };
    } catch (error) {
      const problem = redact(error instanceof Error ? error.message : String(error));
      return { name, kind: undefined, spec: displaySpec(spec), isDefault, problem };
    }
  });
}
