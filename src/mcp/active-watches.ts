import { activeWatches as activeIn } from '../jobs/index.js';
import type { McpDeps } from './deps.js';

/** Watched jobs that have not ended yet, over every configured cluster. */
export function activeWatches(deps: McpDeps): Array<{ cluster: string; active: number }> {
  return activeIn(deps.watchStore, Object.keys(deps.config().clusters));
}
