import { SlurmdeckError } from '../core/errors.js';
import { openDatabase } from '../store/index.js';
import { createLogins } from './login.js';
import { createServeAddress } from './serve-address.js';

export interface LoginLinks {
  /** A fresh single-use login link (ten minutes) to the running server, or to `baseUrl`. */
  issue(baseUrl?: string): string;
  recordAddress(url: string): void;
  clearAddress(): void;
  close(): void;
}

/**
 * For the CLI beside a running server (same state database): `serve login-link` issues a code
 * the server accepts, and `serve` records where it listens.
 */
export function openLoginLinks(file?: string): LoginLinks {
  const db = openDatabase(file === undefined ? {} : { file });
  const address = createServeAddress(db);
  return {
    issue(baseUrl) {
      const base = baseUrl ?? address.running();
      if (base === undefined) {
        throw new SlurmdeckError('INVALID_ARGUMENT', 'no running slurmdeck serve was found', {
          hint: 'Start it with slurmdeck serve (as this user, with this state directory), or pass --url with its address.',
        });
      }
      return `${base.replace(/\/+$/, '')}/login?code=${createLogins(db).issueCode()}`;
    },
    recordAddress: (url) => address.record(url),
    clearAddress: () => address.clear(),
    close: () => db.close(),
  };
}
