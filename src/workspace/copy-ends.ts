import { repeatUntilAborted } from '../core/repeat.js';
import { copyStatesOnHosts, createCopyStore, recordCopyEnds } from '../sites/index.js';
import type { Workspace } from './workspace.js';

/** Copies started longer ago than this are not looked at any more (nobody waits for them). */
const WATCH_FOR_S = 7 * 86_400;

/**
 * While `serve` runs: looks at the copies not yet seen ended (one command per host), and records
 * each end once: an event, and a notification for a long or failed copy, sent at once.
 */
export async function followCopyEnds(
  ws: Workspace,
  signal: AbortSignal,
  everyMs = 30_000,
): Promise<void> {
  const store = createCopyStore(ws.db);
  await repeatUntilAborted(
    signal,
    everyMs,
    async () => {
      const since = Math.floor(Date.now() / 1000) - WATCH_FOR_S;
      const open = store.list().filter((r) => r.endedAt === undefined && r.startedAt > since);
      if (open.length === 0) return;
      const states = await copyStatesOnHosts(open, (c) => ws.cluster(c).transport);
      const notifier = ws.notifierIfAvailable();
      const ended = recordCopyEnds(states, { store, events: ws.events, notifier });
      if (ended.length > 0) await notifier?.deliverDue();
    },
    (error) => ws.log.warn(`data copies: ends wait for the next look: ${String(error)}`),
  );
}
