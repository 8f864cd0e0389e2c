import { SlurmdeckError } from '../core/errors.js';
import type { TrackerStore } from './store.js';
import type { Run } from './types.js';

// How many recent runs a prefix or name is looked for in.
const SEARCHED = 1000;

/**
 * A run by its uid, a unique start of it (like a git hash), or its name when only one run has
 * it; an ambiguous reference names the candidates.
 */
export async function findRun(store: TrackerStore, ref: string): Promise<Run> {
  const exact = await store.getRun(ref);
  if (exact) return exact;
  const recent = await store.listRuns({ limit: SEARCHED });
  const byPrefix = recent.filter((run) => run.uid.startsWith(ref));
  const matches = byPrefix.length > 0 ? byPrefix : recent.filter((run) => run.name === ref);
  const [only] = matches;
  if (only && matches.length === 1) return only;
  if (matches.length === 0) {
    throw new SlurmdeckError('RUN_NOT_FOUND', `no tracker run ${ref}`, {
      hint: 'slurmdeck runs list shows the runs (uid, name).',
    });
  }
  throw new SlurmdeckError('INVALID_ARGUMENT', `"${ref}" names ${matches.length} runs`, {
    hint: `Give more of the uid: ${matches
      .slice(0, 5)
      .map((run) => `${run.uid} (${run.name})`)
      .join(', ')}.`,
  });
}
