import { isSlurmdeckError, SlurmdeckError } from '../core/errors.js';
import { probeTcp } from './tcp-probe.js';
import type { Transport } from './types.js';

/** A site's own advice for when it cannot be reached, and where to check that. */
export interface Reachability {
  hint: string;
  /** Probed by TCP when a connection fails; without it the hint is always given. */
  host?: string;
  port?: number;
}

/**
 * Puts the site's advice (e.g. "connect the VPN") in front of the generic one when a connection
 * fails, after a TCP probe of the site's address shows the network is what is missing; when the
 * address answers, says that the login host itself did not take the connection instead.
 */
export function withUnreachableHint(
  transport: Transport,
  reach: Reachability | undefined,
): Transport {
  if (!reach) return transport;
  return {
    kind: transport.kind,
    target: transport.target,
    close: () => transport.close(),
    async exec(argv, options) {
      try {
        return await transport.exec(argv, options);
      } catch (error) {
        if (!isSlurmdeckError(error, 'SSH_CONNECT_FAILED') && !isSlurmdeckError(error, 'TIMEOUT'))
          throw error;
        const hint = await hintFor(reach, transport.target, isSlurmdeckError(error, 'TIMEOUT'));
        // A command that timed out on a reachable site is not about the network: as it was.
        if (hint === undefined) throw error;
        throw new SlurmdeckError(error.code, error.message, {
          hint: error.hint ? `${hint} (${error.hint})` : hint,
          cause: error,
          ...(error.data ? { data: error.data } : {}),
        });
      }
    },
  };
}

async function hintFor(
  reach: Reachability,
  target: string,
  timedOut: boolean,
): Promise<string | undefined> {
  if (!reach.host) return reach.hint;
  const probe = await probeTcp(reach.host, reach.port ?? 22);
  const where = `${reach.host}:${probe.port}`;
  if (!probe.reachable) return `${reach.hint} (${where} did not answer: ${probe.error})`;
  if (timedOut) return undefined;
  return `the site's network is reachable (${where} answers): ${target} itself did not take the connection (down, or in maintenance?)`;
}
