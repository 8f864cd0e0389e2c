import { SlurmdeckError } from '../core/errors.js';
import type { ToolExtra } from './guard.js';

/**
 * The admin tools work over the admin's own ssh. Called through `slurmdeck serve`'s /mcp, they
 * need an API token of role admin, as the admin HTTP routes do; over stdio (or `mcp --http`
 * with its own token) the caller is the person whose config holds that ssh access.
 */
export function assertAdminCaller(extra: ToolExtra): void {
  const auth = extra.authInfo;
  if (auth === undefined || auth.scopes.includes('admin')) return;
  throw new SlurmdeckError(
    'NOT_PERMITTED',
    `node administration needs the admin role; "${auth.clientId}" has role ${auth.scopes[0] ?? 'unknown'}`,
    { hint: 'Ask whoever runs slurmdeck serve for a token made with --role admin.' },
  );
}
