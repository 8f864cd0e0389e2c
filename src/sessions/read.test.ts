import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import type { Transport } from '../transport/types.js';
import { tag } from './markers.js';
import { readOutput } from './read.js';
import type { SessionContext } from './remote.js';
import { createSessionStore } from './store.js';

const NONCE = 'SLURMDECKabcd1234';

/** A login host whose log holds a command's output and its end marker (exit 3). */
function context(): SessionContext {
  const log = Buffer.from(`\n${tag(NONCE)}B c1\nhello\n${tag(NONCE)}E c1 3\n$ `);
  const transport: Transport = {
    kind: 'ssh',
    target: 'fake',
    async exec() {
      return {
        argv: [],
        exitCode: 0,
        stdout: `SIZE ${log.length}\n${log.toString('base64')}\n`,
        stderr: '',
        durationMs: 1,
      };
    },
    async close() {},
  };
  const store = createSessionStore(openDatabase({ file: ':memory:' }), 'dev');
  store.claim({
    name: 'train',
    tmux: 'slurmdeck-train-1',
    marker: NONCE,
    createdAt: 0,
    options: { srunArgs: [], exclude: [], container: false },
    phase: 'ready',
  } as never);
  store.swapPending('slurmdeck-train-1', undefined, { id: 'c1', offset: 0 });
  return {
    cluster: 'dev',
    transport,
    store,
    settings: { srunDefaults: [], maxRetries: 3, fastExec: false },
    defaults: {},
  };
}

describe('readOutput', () => {
  it('takes the running command’s end and moves the cursor', async () => {
    const ctx = context();
    const read = await readOutput(ctx, 'train');
    expect(read).toMatchObject({ exitCode: 3, running: false });
    expect(read.output).toContain('hello');
    expect(ctx.store.get('train')).toMatchObject({ pendingId: undefined, cursor: read.cursor });
  });

  it('only looks when peeking: the exit code stays for whoever ran the command', async () => {
    const ctx = context();
    const peek = await readOutput(ctx, 'train', { since: 0, peek: true });
    expect(peek.output).toContain('hello');
    expect(ctx.store.get('train')).toMatchObject({ pendingId: 'c1', cursor: 0 });
    expect((await readOutput(ctx, 'train')).exitCode).toBe(3);
  });
});
