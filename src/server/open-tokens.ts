import { openDatabase } from '../store/index.js';
import { createTokenStore, type TokenStore } from './tokens.js';

/** The token store in the state database, for `slurmdeck serve token ...`. */
export function openTokenStore(file?: string): TokenStore & { close(): void } {
  const db = openDatabase(file === undefined ? {} : { file });
  return Object.assign(createTokenStore(db), { close: () => db.close() });
}
