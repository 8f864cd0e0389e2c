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
 * fails, after a TCP probe of the site's address shows the network is what is missing; when
 * the address answers, says so instead (keys, certificate or the account are to blame).
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
        const hint = await hintFor(reach);
        throw new SlurmdeckError(error.code, error.message, {
          hint: error.hint ? `${hint} (${error.hint})` : hint,
          cause: error,
          ...(error.data ? { data: error.data } : {}),
        });
      }
    },
  };
}

async function hintFor(reach: Reachability): Promise<string> {
  if (!reach.host) return reach.hint;
  const probe = await probeTcp(reach.host, reach.port ?? 22);
  const where = `${reach.host}:${probe.port}`;
  if (!probe.reachable) return `${reach.hint} (${where} did not answer: ${probe.error})`;
  return `${where} answers, so the network is there: check the key, certificate and user`;
}
