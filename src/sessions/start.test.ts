import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { openDatabase } from '../store/index.js';
import type { Transport } from '../transport/types.js';
import { PROBE, START, STOP } from './remote-scripts.js';
import type { SessionContext } from './remote.js';
import { startSession } from './start.js';
import { START_GRACE_S } from './status.js';
import { createSessionStore, type SessionStore } from './store.js';

/**
 * A login host that answers the session scripts the way the real one would, slowly enough for
 * two starts to interleave: START creates the tmux session only after a while.
 */
function fakeLoginHost() {
  const alive = new Set<string>();
  const dead = new Set<string>();
  const starts: string[] = [];
  const stops: string[] = [];
  const answer = (stdout: string) => ({ argv: [], exitCode: 0, stdout, stderr: '', durationMs: 1 });
  const transport: Transport = {
    kind: 'ssh',
    target: 'fake',
    async exec(argv) {
      const script = argv[2];
      const tmux = argv[4] as string;
      const now = Math.floor(Date.now() / 1000);
      await sleep(10);
      if (script === START) {
        starts.push(tmux);
        await sleep(100);
        alive.add(tmux);
        return answer(`${now}\n`);
      }
      if (script === PROBE) {
        if (!alive.has(tmux) && !dead.has(tmux)) return answer('NODIR\n');
        const up = alive.has(tmux) ? 1 : 0;
        return answer(`TMUX ${up} 0\nNOW ${now}\nSIZE 0\nEV ${now - 5} start\n`);
      }
      if (script === STOP) {
        stops.push(tmux);
        alive.delete(tmux);
        dead.add(tmux);
        return answer('LEFT \n');
      }
      throw new Error(`unexpected script for ${tmux}`);
    },
    close: async () => undefined,
  };
  return { transport, alive, dead, starts, stops };
}

describe('two starts of one session name at once', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Two processes: each its own handle on one real state file, one login host. */
  function twoProcesses() {
    const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-start-'));
    dirs.push(dir);
    const file = join(dir, 'state.db');
    const host = fakeLoginHost();
    const context = (store: SessionStore): SessionContext => ({
      cluster: 'dev',
      transport: host.transport,
      store,
      settings: { srunDefaults: [], maxRetries: 1, fastExec: false },
      defaults: {},
    });
    const stores = [
      createSessionStore(openDatabase({ file }), 'dev'),
      createSessionStore(openDatabase({ file }), 'dev'),
    ] as const;
    return { host, stores, contexts: stores.map(context) };
  }

  async function both(contexts: SessionContext[]) {
    const results = await Promise.allSettled(contexts.map((c) => startSession(c, { name: 's' })));
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    return { won, lost };
  }

  const seed = (store: SessionStore, tmux: string, phase: 'ready' | 'connecting', at: number) => {
    store.claim({
      name: 's',
      tmux,
      marker: 'SLURMDECK00000000',
      createdAt: at,
      options: { srunArgs: [], exclude: [], container: false },
      phase,
      reason: undefined,
      jobId: undefined,
      node: undefined,
      cursor: 0,
      pendingId: undefined,
      pendingOffset: undefined,
      released: false,
    });
  };

  it('sends one start to the cluster when the name is free', async () => {
    const { host, stores, contexts } = twoProcesses();
    const { won, lost } = await both(contexts);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(isSlurmdeckError(lost[0], 'SESSION_EXISTS')).toBe(true);
    // The loser looked while the winner's start was still on its way: it neither released
    // the winner's session nor started its own.
    expect(host.starts).toEqual([won[0]?.tmux]);
    expect(host.stops).toEqual([]);
    expect(stores[1].get('s')?.tmux).toBe(won[0]?.tmux);
  });

  it('sends one start when both find the old session of that name gone', async () => {
    const { host, stores, contexts } = twoProcesses();
    const now = Math.floor(Date.now() / 1000);
    seed(stores[0], 'sdk-s-000000', 'ready', now - 3600);
    host.dead.add('sdk-s-000000');
    const { won, lost } = await both(contexts);
    expect(won).toHaveLength(1);
    expect(isSlurmdeckError(lost[0], 'SESSION_EXISTS')).toBe(true);
    expect(host.starts).toEqual([won[0]?.tmux]);
    const row = stores[1].get('s');
    expect(row).toMatchObject({ tmux: won[0]?.tmux, phase: 'connecting', released: false });
  });

  it('takes over a name whose start never reached the cluster, once that start has timed out', async () => {
    const { host, stores, contexts } = twoProcesses();
    const now = Math.floor(Date.now() / 1000);
    seed(stores[0], 'sdk-s-000000', 'connecting', now - START_GRACE_S - 1);
    const { won, lost } = await both(contexts);
    expect(won).toHaveLength(1);
    expect(isSlurmdeckError(lost[0], 'SESSION_EXISTS')).toBe(true);
    expect(host.starts).toEqual([won[0]?.tmux]);
  });
});
