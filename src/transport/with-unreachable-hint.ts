import { isSlurmdeckError, SlurmdeckError } from '../core/errors.js';
import type { Transport } from './types.js';

/**
 * A site's own advice for when its login host cannot be reached (e.g. "connect the VPN"), put
 * in front of the generic one on connection failures.
 */
export function withUnreachableHint(transport: Transport, hint: string | undefined): Transport {
  if (!hint) return transport;
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
        throw new SlurmdeckError(error.code, error.message, {
          hint: error.hint ? `${hint} (${error.hint})` : hint,
          cause: error,
          ...(error.data ? { data: error.data } : {}),
        });
      }
    },
  };
}
